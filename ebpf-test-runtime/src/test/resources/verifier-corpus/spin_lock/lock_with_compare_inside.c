// Compares and swaps two fields under the lock, with a branch inside the locked region.
// kernel: accepted
#include "corpus.h"

struct window {
	struct bpf_spin_lock lock;
	__u64 low;
	__u64 high;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct window);
} windows SEC(".maps");

SEC("xdp")
int lock_with_compare_inside(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct window *w = bpf_map_lookup_elem(&windows, &key);
	__u64 len = ctx->data_end - ctx->data;

	if (!w)
		return XDP_PASS;
	bpf_spin_lock(&w->lock);
	if (len < w->low)
		w->low = len;
	if (len > w->high)
		w->high = len;
	bpf_spin_unlock(&w->lock);
	return XDP_PASS;
}
