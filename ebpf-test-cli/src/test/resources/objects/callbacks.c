// Callbacks: a function pointer passed to bpf_loop and to bpf_for_each_map_elem.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

struct bpf_map;

struct loop_ctx {
	__u64 sum;
};

static int add_index(__u32 index, struct loop_ctx *c)
{
	c->sum += index;
	return 0;
}

static __u64 sum_value(struct bpf_map *map, __u32 *key, __u64 *value, struct loop_ctx *c)
{
	c->sum += *value;
	return 0;
}

SEC("xdp")
int loop_sum(struct xdp_md *ctx)
{
	struct loop_ctx c = { 0 };

	bpf_loop(10, add_index, &c, 0);
	return c.sum == 45 ? XDP_PASS : XDP_DROP;
}

SEC("tc")
int map_sum(struct __sk_buff *skb)
{
	struct loop_ctx c = { 0 };

	bpf_for_each_map_elem(&values, sum_value, &c, 0);
	return c.sum;
}
