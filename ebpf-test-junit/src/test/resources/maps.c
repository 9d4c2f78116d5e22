// Every way to declare a map with BTF, and static initialisation of a program array and of an
// array of maps.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
};

struct counters {
	__u64 pkts;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_key);
	__type(value, struct counters);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64));
} sizes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
	__uint(numa_node, 0);
	__type(key, __u32);
	__type(value, __u32);
} pinned_lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 64);
	__uint(map_extra, 3);
	__type(value, __u32);
} bloom SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [2] = &inner_b },
};

int tail_a(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, int (void *));
} jumps SEC(".maps") = {
	.values = { [1] = (void *)&tail_a },
};

SEC("xdp")
int tail_a(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int count(struct xdp_md *ctx)
{
	struct flow_key key = { .sport = 1 };
	struct counters zero = {}, *c;
	__u32 idx = 0;
	__u64 *inner_val;
	void *inner;

	c = bpf_map_lookup_elem(&flows, &key);
	if (!c) {
		bpf_map_update_elem(&flows, &key, &zero, BPF_NOEXIST);
		return XDP_PASS;
	}
	c->pkts++;
	c->bytes += ctx->data_end - ctx->data;
	__u64 *s = bpf_map_lookup_elem(&sizes, &idx);
	if (s)
		*s += 1;
	bpf_map_update_elem(&pinned_lru, &idx, &idx, BPF_ANY);
	bpf_map_push_elem(&bloom, &idx, 0);
	bpf_ringbuf_output(&events, &idx, sizeof(idx), 0);
	inner = bpf_map_lookup_elem(&outer, &idx);
	if (inner) {
		inner_val = bpf_map_lookup_elem(inner, &idx);
		if (inner_val)
			*inner_val += 1;
	}
	bpf_tail_call(ctx, &jumps, 1);
	return XDP_DROP;
}
