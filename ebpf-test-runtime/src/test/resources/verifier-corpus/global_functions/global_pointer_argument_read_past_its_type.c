// The memory behind a pointer argument is as large as the type it points to: an int, 4 bytes,
// even when the caller passes more.
// kernel: refused: invalid access to memory, mem_size=4
#include "corpus.h"

__attribute__((noinline)) int second(int *p)
{
	if (!p)
		return 0;
	return p[1];
}

SEC("xdp")
int global_pointer_argument_read_past_its_type(struct xdp_md *ctx)
{
	int x[2] = {3, 4};

	return second(x) == 4 ? XDP_PASS : XDP_DROP;
}
