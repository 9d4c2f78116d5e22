// Single runs long enough to cross the JIT's compile threshold (100,000 instructions) in the
// middle: a bounded loop, and bpf_loop with many callbacks, both updating an array map, so a run
// that starts interpreted and ends compiled can be compared with one interpreted throughout.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define LOOP_ITERATIONS 9000
#define CALLBACKS 40000

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} buckets SEC(".maps");

struct state {
	__u64 mix;
	__u64 sum;
};

static __always_inline void add_to_bucket(__u32 index, __u64 value)
{
	__u32 key = index & 7;
	__u64 *slot = bpf_map_lookup_elem(&buckets, &key);

	if (slot)
		*slot += value;
}

SEC("xdp")
int long_loop(struct xdp_md *ctx)
{
	__u64 mix = 7, sum = 0;

	for (__u32 i = 0; i < LOOP_ITERATIONS; i++) {
		mix = mix * 31 + (i ^ (mix >> 7));
		sum += mix & 0xffff;
		if ((i & 255) == 0)
			add_to_bucket(i >> 8, sum);
	}
	return (sum ^ mix) & 3;
}

static long step(__u32 index, void *ctx)
{
	struct state *s = ctx;

	s->mix = s->mix * 31 + (index ^ (s->mix >> 7));
	s->sum += s->mix & 0xffff;
	add_to_bucket(index, s->mix & 0xff);
	return 0;
}

SEC("xdp")
int many_callbacks(struct xdp_md *ctx)
{
	struct state s = { .mix = 7, .sum = 0 };

	bpf_loop(CALLBACKS, step, &s, 0);
	return (s.sum ^ s.mix) & 3;
}

char LICENSE[] SEC("license") = "GPL";
