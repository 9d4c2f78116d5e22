// SPDX-License-Identifier: GPL-2.0
/*
 * XDP layer-4 load balancer with IP-in-IP encapsulation.
 *
 * A TCP or UDP packet to a configured virtual IP, port and protocol is sent to
 * one backend: the 5-tuple is hashed onto the service's ring of RING_SIZE
 * slots, which userspace fills with backend ids (Maglev-style, so that adding
 * a backend moves few flows). The packet is wrapped in a new outer IPv4
 * header (protocol 4, tunnel_source -> backend), given the backend's MAC as
 * destination and sent back out of the same interface with XDP_TX.
 *
 * Everything else goes to the kernel stack with XDP_PASS: other addresses or
 * ports, non-IPv4, VLAN-tagged frames, ICMP, fragments (later fragments carry
 * no ports, so they could not follow their flow) and truncated headers.
 * A service whose ring slot names no backend drops the packet: nobody can
 * serve it.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include "parsing.h"

#define MAX_SERVICES 8
#define RING_SIZE 16                 /* a power of two, so that % is a mask */
#define MAX_BACKENDS 16
#define NO_BACKEND 0                 /* ring slots start zeroed, so 0 means empty */

struct vip_key {
	__be32 addr;
	__be16 port;
	__u8 protocol;
	__u8 pad;                    /* must be zero */
};

struct service {
	__u32 id;                    /* selects ring slots id * RING_SIZE .. + RING_SIZE - 1 */
};

struct backend {
	__be32 addr;
	__u8 mac[ETH_ALEN];          /* next hop towards the backend */
	__u16 pad;
};

struct lb_config {
	__be32 tunnel_source;        /* outer source address: this host */
};

struct backend_stats {
	__u64 packets;
	__u64 bytes;                 /* bytes of the original frame, before encapsulation */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_SERVICES);
	__type(key, struct vip_key);
	__type(value, struct service);
} services SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_SERVICES * RING_SIZE);
	__type(key, __u32);
	__type(value, __u32);        /* backend id */
} rings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_BACKENDS);
	__type(key, __u32);
	__type(value, struct backend);
} backends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lb_config);
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_BACKENDS);
	__type(key, __u32);
	__type(value, struct backend_stats);
} stats SEC(".maps");

/*
 * Word-wise FNV-1a followed by a multiply-xorshift finaliser, so that flows
 * differing in one port bit still land on unrelated slots. The inputs are the
 * header words as loaded (network byte order bytes read as host integers).
 */
static __always_inline __u32 mix(__u32 hash, __u32 word)
{
	return (hash ^ word) * 0x01000193;
}

static __always_inline __u32 flow_hash(__be32 saddr, __be32 daddr, __u32 ports, __u8 protocol)
{
	__u32 hash = 0x811c9dc5;

	hash = mix(hash, saddr);
	hash = mix(hash, daddr);
	hash = mix(hash, ports);
	hash = mix(hash, protocol);
	hash ^= hash >> 16;
	hash *= 0x85ebca6b;
	hash ^= hash >> 13;
	return hash;
}

/* One's complement sum of the 10 header words; check must be zero on entry. */
static __always_inline __u16 ipv4_checksum(const struct iphdr *ip)
{
	const __u16 *words = (const __u16 *)ip;
	__u32 sum = 0;

#pragma unroll
	for (int i = 0; i < (int)(sizeof(*ip) / 2); i++)
		sum += words[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

SEC("xdp")
int xdp_lb(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct vip_key vip = {};
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	__u16 *ports;

	cursor_init(&c, data, data_end);
	eth = cursor_take(&c, sizeof(*eth));
	if (!eth || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || ip->frag_off & bpf_htons(0x3fff))    /* MF flag or an offset */
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	ports = cursor_take(&c, 2 * sizeof(__u16));      /* both carry ports first */
	if (!ports)
		return XDP_PASS;

	vip.addr = ip->daddr;
	vip.port = ports[1];
	vip.protocol = ip->protocol;
	struct service *svc = bpf_map_lookup_elem(&services, &vip);
	if (!svc)
		return XDP_PASS;

	__u32 hash = flow_hash(ip->saddr, ip->daddr, *(__u32 *)ports, ip->protocol);
	__u32 slot = svc->id * RING_SIZE + (hash & (RING_SIZE - 1));
	__u32 *backend_id = bpf_map_lookup_elem(&rings, &slot);
	if (!backend_id || *backend_id == NO_BACKEND)
		return XDP_DROP;
	struct backend *be = bpf_map_lookup_elem(&backends, backend_id);
	__u32 zero = 0;
	struct lb_config *cfg = bpf_map_lookup_elem(&config, &zero);
	if (!be || !cfg)
		return XDP_DROP;

	/* Everything needed from the old headers, before adjust_head invalidates them. */
	struct iphdr outer = {
		.version = 4,
		.ihl = sizeof(outer) / 4,
		.tos = ip->tos,
		.tot_len = bpf_htons(bpf_ntohs(ip->tot_len) + sizeof(outer)),
		.ttl = 64,
		.protocol = IPPROTO_IPIP,
		.saddr = cfg->tunnel_source,
		.daddr = be->addr,
	};
	outer.check = ipv4_checksum(&outer);
	__u8 our_mac[ETH_ALEN];
	__builtin_memcpy(our_mac, eth->h_dest, ETH_ALEN);
	__u64 frame_len = data_end - data;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return XDP_ABORTED;
	data_end = (void *)(long)ctx->data_end;
	data = (void *)(long)ctx->data;
	cursor_init(&c, data, data_end);
	eth = cursor_take(&c, sizeof(*eth));
	ip = cursor_take(&c, sizeof(*ip));
	if (!eth || !ip)
		return XDP_ABORTED;

	__builtin_memcpy(eth->h_dest, be->mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, our_mac, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IP);
	__builtin_memcpy(ip, &outer, sizeof(outer));

	struct backend_stats *st = bpf_map_lookup_elem(&stats, backend_id);
	if (st) {
		st->packets++;
		st->bytes += frame_len;
	}
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
