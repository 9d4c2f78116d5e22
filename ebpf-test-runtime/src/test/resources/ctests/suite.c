// Tests in the PKTGEN/SETUP/CHECK convention that all pass or skip: a tc test whose PKTGEN builds a
// frame, whose SETUP runs the code under test and records in a map, and whose CHECK sees SETUP's
// status and frame; a test that sees the map the first one filled (tests share one loaded object
// and run in name order); an XDP test without SETUP; and a skipped test.
#include "suite_convention.h"
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

/* The code under test: drops IPv6 frames, counts the others. */
static __always_inline int classify(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&seen, &key);

	if (skb->protocol == bpf_htons(ETH_P_IPV6))
		return TC_ACT_SHOT;
	if (count)
		*count += 1;
	return TC_ACT_OK;
}

PKTGEN("tc", "a_ipv6_is_dropped")
int ipv6_pktgen(struct __sk_buff *skb)
{
	struct ethhdr eth = { .h_proto = bpf_htons(ETH_P_IPV6) };

	if (bpf_skb_change_tail(skb, 64, 0))
		return CT_ERROR;
	bpf_skb_store_bytes(skb, 0, &eth, sizeof(eth), 0);
	return 0;
}

SETUP("tc", "a_ipv6_is_dropped")
int ipv6_setup(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 seven = 7;

	bpf_map_update_elem(&seen, &key, &seven, BPF_ANY);
	return classify(skb);
}

CHECK("tc", "a_ipv6_is_dropped")
int ipv6_check(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__u32 key = 0;
	__u64 *count;

	ct_begin();
	CT_TEST("setup_returned_shot", {
		ct_assert(data + 4 <= data_end);
		ct_assert(*(__u32 *)data == TC_ACT_SHOT);
	});
	CT_TEST("frame_is_setups", {
		ct_log("frame of %d bytes after the status", (int)(data_end - data) - 4);
		ct_assert(data_end - data == 4 + 64);
	});
	CT_TEST("ipv6_not_counted", {
		count = bpf_map_lookup_elem(&seen, &key);
		ct_assert(count && *count == 7);
	});
	ct_end();
}

CHECK("tc", "b_maps_persist")
int persist_check(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *count;

	ct_begin();
	CT_TEST("count_from_earlier_test", {
		count = bpf_map_lookup_elem(&seen, &key);
		ct_assert(count && *count == 7);
	});
	ct_end();
}

PKTGEN("xdp", "c_xdp_without_setup")
int xdp_pktgen(struct xdp_md *ctx)
{
	if (bpf_xdp_adjust_tail(ctx, 100 - (int)(ctx->data_end - ctx->data)))
		return CT_ERROR;
	return 0;
}

CHECK("xdp", "c_xdp_without_setup")
int xdp_check(struct xdp_md *ctx)
{
	ct_begin();
	CT_TEST("frame_from_pktgen", {
		ct_assert(ctx->data_end - ctx->data == 100);
	});
	ct_end();
}

CHECK("tc", "d_skipped")
int skipped_check(struct __sk_buff *skb)
{
	ct_begin();
	CT_TEST("not_here", {
		ct_skip();
	});
	return CT_SKIP;
}
