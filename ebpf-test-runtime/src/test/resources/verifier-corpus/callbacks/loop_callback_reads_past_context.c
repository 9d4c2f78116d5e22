// The caller passes an 8-byte stack slot; the callback reads 8 bytes past it, above the frame.
// kernel: refused: invalid read from stack
#include "corpus.h"

static int read_next(__u32 index, void *data)
{
	return ((volatile __u64 *)data)[1] & 1;
}

SEC("xdp")
int loop_callback_reads_past_context(struct xdp_md *ctx)
{
	__u64 slot = 0;

	bpf_loop(4, read_next, &slot, 0);
	return XDP_PASS;
}
