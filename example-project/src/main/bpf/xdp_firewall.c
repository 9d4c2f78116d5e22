// SPDX-License-Identifier: GPL-2.0
/*
 * XDP firewall: drops traffic from blocked source networks and, once an
 * allow-list of ports is switched on, TCP and UDP traffic to any other port.
 *
 * Order of the checks, first match wins:
 *   1. truncated or malformed headers        -> XDP_DROP (DROP_MALFORMED)
 *   2. a second VLAN tag (QinQ)              -> XDP_DROP (DROP_STACKED_VLAN),
 *      because the IP checks below would never see what is inside it
 *   3. ARP and any non-IP EtherType          -> XDP_PASS
 *   4. source in blocklist_v4 / blocklist_v6 -> XDP_DROP (DROP_BLOCKED_SOURCE)
 *   5. TCP/UDP destination port not in allowed_ports, when
 *      config.enforce_ports is set           -> XDP_DROP (DROP_PORT_NOT_ALLOWED)
 *   6. everything else (ICMP, later IPv4 fragments, IPv6 extension headers)
 *                                            -> XDP_PASS
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include "parsing.h"

enum drop_reason {
	DROP_MALFORMED = 0,
	DROP_STACKED_VLAN = 1,
	DROP_BLOCKED_SOURCE = 2,
	DROP_PORT_NOT_ALLOWED = 3,
	DROP_REASON_COUNT,
};

/* LPM trie keys: prefix length in bits, then the address in network order. */
struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct lpm_v6_key {
	__u32 prefixlen;
	__u8 addr[16];
};

/* Destination port in host byte order, so that userspace can write 22 as 22. */
struct port_key {
	__u16 port;
	__u8 protocol;               /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 pad;                    /* must be zero: hash keys compare every byte */
};

struct fw_config {
	__u32 enforce_ports;         /* non-zero once allowed_ports has entries */
};

struct drop_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);   /* the kernel requires it for tries */
	__uint(max_entries, 1024);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);                   /* rule id, for userspace bookkeeping */
} blocklist_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1024);
	__type(key, struct lpm_v6_key);
	__type(value, __u32);
} blocklist_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct port_key);
	__type(value, __u8);                    /* presence is what matters */
} allowed_ports SEC(".maps");

/* A program cannot ask whether a hash map is empty, so userspace says so here. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fw_config);
} config SEC(".maps");

/* Per-CPU so that the hot path never contends on a shared cache line. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, DROP_REASON_COUNT);
	__type(key, __u32);
	__type(value, struct drop_stats);
} drop_counters SEC(".maps");

static __always_inline int drop(struct xdp_md *ctx, __u32 reason)
{
	struct drop_stats *stats = bpf_map_lookup_elem(&drop_counters, &reason);

	if (stats) {
		stats->packets++;
		stats->bytes += ctx->data_end - ctx->data;
	}
	return XDP_DROP;
}

/* Returns XDP_PASS, or the drop verdict for a port outside the allow-list. */
static __always_inline int check_port(struct xdp_md *ctx, struct cursor *c, __u8 protocol)
{
	struct port_key key = { .protocol = protocol };
	struct fw_config *cfg;
	__u32 zero = 0;

	cfg = bpf_map_lookup_elem(&config, &zero);
	if (!cfg || !cfg->enforce_ports)
		return XDP_PASS;

	if (protocol == IPPROTO_TCP) {
		struct tcphdr *tcp = cursor_take(c, sizeof(*tcp));

		if (!tcp)
			return drop(ctx, DROP_MALFORMED);
		key.port = bpf_ntohs(tcp->dest);
	} else if (protocol == IPPROTO_UDP) {
		struct udphdr *udp = cursor_take(c, sizeof(*udp));

		if (!udp)
			return drop(ctx, DROP_MALFORMED);
		key.port = bpf_ntohs(udp->dest);
	} else {
		return XDP_PASS;             /* ICMP and friends have no ports */
	}

	if (!bpf_map_lookup_elem(&allowed_ports, &key))
		return drop(ctx, DROP_PORT_NOT_ALLOWED);
	return XDP_PASS;
}

static __always_inline int handle_ipv4(struct xdp_md *ctx, struct cursor *c)
{
	struct lpm_v4_key key = { .prefixlen = 32 };
	struct iphdr *ip = parse_ipv4(c);

	if (!ip)
		return drop(ctx, DROP_MALFORMED);
	__builtin_memcpy(key.addr, &ip->saddr, sizeof(key.addr));
	if (bpf_map_lookup_elem(&blocklist_v4, &key))
		return drop(ctx, DROP_BLOCKED_SOURCE);
	if (ipv4_is_later_fragment(ip))
		return XDP_PASS;
	return check_port(ctx, c, ip->protocol);
}

static __always_inline int handle_ipv6(struct xdp_md *ctx, struct cursor *c)
{
	struct lpm_v6_key key = { .prefixlen = 128 };
	struct ipv6hdr *ip6 = cursor_take(c, sizeof(*ip6));

	if (!ip6)
		return drop(ctx, DROP_MALFORMED);
	__builtin_memcpy(key.addr, &ip6->saddr, sizeof(key.addr));
	if (bpf_map_lookup_elem(&blocklist_v6, &key))
		return drop(ctx, DROP_BLOCKED_SOURCE);
	/* Extension headers are not walked: such packets pass the port check. */
	return check_port(ctx, c, ip6->nexthdr);
}

SEC("xdp")
int xdp_firewall(struct xdp_md *ctx)
{
	struct cursor c;
	__be16 proto;

	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (!parse_eth(&c, &proto))
		return drop(ctx, DROP_MALFORMED);

	if (proto == bpf_htons(ETH_P_IP))
		return handle_ipv4(ctx, &c);
	if (proto == bpf_htons(ETH_P_IPV6))
		return handle_ipv6(ctx, &c);
	if (is_vlan_proto(proto))
		return drop(ctx, DROP_STACKED_VLAN);
	return XDP_PASS;                 /* ARP, LLDP and the rest are not ours to judge */
}

char LICENSE[] SEC("license") = "GPL";
