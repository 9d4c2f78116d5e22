// SPDX-License-Identifier: GPL-2.0
/*
 * XDP pipeline of three programs chained with tail calls:
 *
 *   xdp_pipeline (parser) --jmp_table[STAGE_POLICY]--> xdp_policy
 *                         --jmp_table[STAGE_ACTION]--> xdp_action
 *
 * The parser reserves a struct pipeline_meta in front of the packet with
 * bpf_xdp_adjust_meta and fills it; the stages after it read that instead of
 * parsing again. The policy stage looks the destination port up in `policy`
 * and writes a verdict; the action stage carries it out and counts it.
 *
 * jmp_table is filled by libbpf at load time from its static initialiser.
 * Its STAGE_POLICY_V6 slot is deliberately left empty: a tail call into an
 * empty slot does nothing and execution continues after it, so IPv6 traffic
 * falls through to XDP_PASS (counted as COUNT_FALLTHROUGH) until a v6 policy
 * program is installed. The same fallback covers any stage that is missing.
 *
 * Non-IP frames pass without entering the pipeline; truncated headers drop.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include "parsing.h"

enum stage {
	STAGE_POLICY = 0,
	STAGE_ACTION = 1,
	STAGE_POLICY_V6 = 2,         /* not provided by this object */
	STAGE_COUNT,
};

enum verdict {
	VERDICT_PASS = 0,
	VERDICT_DROP = 1,
	VERDICT_REFLECT = 2,         /* send back where it came from */
};

enum counter {
	COUNT_PASS = 0,
	COUNT_DROP = 1,
	COUNT_REFLECT = 2,
	COUNT_FALLTHROUGH = 3,       /* a tail call found its slot empty */
	COUNT_MAX,
};

/* Lives between data_meta and data; its size must be a multiple of 4. */
struct pipeline_meta {
	__u32 verdict;
	__be32 saddr;
	__u16 dport;                 /* host byte order; 0 for ICMP */
	__u8 protocol;
	__u8 pad;
};

/*
 * Never written: the metadata lives in front of the packet, where no BTF
 * describes it, so this global keeps struct pipeline_meta in the BTF for
 * generated skeletons (clang emits only the types of globals and of emitted
 * functions).
 */
struct pipeline_meta meta_type;

struct policy_key {
	__u16 dport;                 /* host byte order */
	__u8 protocol;
	__u8 pad;
};

int xdp_policy(struct xdp_md *ctx);
int xdp_action(struct xdp_md *ctx);

/*
 * key_size rather than __type(key, ...): program arrays accept no BTF types,
 * and a BTF key makes libbpf's first map creation fail and retry without BTF.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, STAGE_COUNT);
	__uint(key_size, sizeof(__u32));
	__array(values, int (struct xdp_md *));
} jmp_table SEC(".maps") = {
	.values = {
		[STAGE_POLICY] = (void *)&xdp_policy,
		[STAGE_ACTION] = (void *)&xdp_action,
	},
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct policy_key);
	__type(value, __u32);        /* enum verdict; no entry means VERDICT_PASS */
} policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline int count(__u32 which, int action)
{
	__u64 *packets = bpf_map_lookup_elem(&counters, &which);

	if (packets)
		(*packets)++;
	return action;
}

/* The metadata the parser left, or NULL if there is none. */
static __always_inline struct pipeline_meta *get_meta(struct xdp_md *ctx)
{
	struct pipeline_meta *meta = (void *)(long)ctx->data_meta;

	if ((void *)(meta + 1) > (void *)(long)ctx->data)
		return NULL;
	return meta;
}

SEC("xdp")
int xdp_pipeline(struct xdp_md *ctx)
{
	struct pipeline_meta *meta;
	struct cursor c;
	struct iphdr *ip;
	__be16 proto;

	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*meta)))
		return XDP_ABORTED;
	meta = get_meta(ctx);
	if (!meta)
		return XDP_ABORTED;
	__builtin_memset(meta, 0, sizeof(*meta));

	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (!parse_eth(&c, &proto))
		return XDP_DROP;
	if (proto == bpf_htons(ETH_P_IPV6)) {
		bpf_tail_call(ctx, &jmp_table, STAGE_POLICY_V6);
		return count(COUNT_FALLTHROUGH, XDP_PASS);
	}
	if (proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	ip = parse_ipv4(&c);
	if (!ip)
		return XDP_DROP;
	meta->saddr = ip->saddr;
	meta->protocol = ip->protocol;
	if ((ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) && !ipv4_is_later_fragment(ip)) {
		/* TCP and UDP both start with source port, destination port. */
		__be16 *ports = cursor_take(&c, 2 * sizeof(__be16));

		if (!ports)
			return XDP_DROP;
		meta->dport = bpf_ntohs(ports[1]);
	}

	bpf_tail_call(ctx, &jmp_table, STAGE_POLICY);
	return count(COUNT_FALLTHROUGH, XDP_PASS);
}

SEC("xdp")
int xdp_policy(struct xdp_md *ctx)
{
	struct pipeline_meta *meta = get_meta(ctx);
	struct policy_key key = {};
	__u32 *verdict;

	if (!meta)
		return XDP_ABORTED;
	key.dport = meta->dport;
	key.protocol = meta->protocol;
	verdict = bpf_map_lookup_elem(&policy, &key);
	meta->verdict = verdict ? *verdict : VERDICT_PASS;

	bpf_tail_call(ctx, &jmp_table, STAGE_ACTION);
	return count(COUNT_FALLTHROUGH, XDP_PASS);
}

SEC("xdp")
int xdp_action(struct xdp_md *ctx)
{
	struct pipeline_meta *meta = get_meta(ctx);
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = (void *)(long)ctx->data;
	__u8 tmp[ETH_ALEN];

	if (!meta)
		return XDP_ABORTED;
	switch (meta->verdict) {
	case VERDICT_DROP:
		return count(COUNT_DROP, XDP_DROP);
	case VERDICT_REFLECT:
		if ((void *)(eth + 1) > data_end)
			return XDP_ABORTED;
		__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
		return count(COUNT_REFLECT, XDP_TX);
	default:
		return count(COUNT_PASS, XDP_PASS);
	}
}

char LICENSE[] SEC("license") = "GPL";
