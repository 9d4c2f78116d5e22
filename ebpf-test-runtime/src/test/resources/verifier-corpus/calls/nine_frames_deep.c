// The program and 8 nested calls: 9 frames, one more than Linux allows.
// kernel: refused: the call stack of 9 frames is too deep
#include "corpus.h"

static __attribute__((noinline)) int level8(int x)
{
	return x * 3 + 1;
}

static __attribute__((noinline)) int level7(int x)
{
	return level8(x + 7) ^ x;
}

static __attribute__((noinline)) int level6(int x)
{
	return level7(x + 6) ^ x;
}

static __attribute__((noinline)) int level5(int x)
{
	return level6(x + 5) ^ x;
}

static __attribute__((noinline)) int level4(int x)
{
	return level5(x + 4) ^ x;
}

static __attribute__((noinline)) int level3(int x)
{
	return level4(x + 3) ^ x;
}

static __attribute__((noinline)) int level2(int x)
{
	return level3(x + 2) ^ x;
}

static __attribute__((noinline)) int level1(int x)
{
	return level2(x + 1) ^ x;
}

SEC("xdp")
int nine_frames_deep(struct xdp_md *ctx)
{
	return level1(ctx->rx_queue_index) & 1 ? XDP_DROP : XDP_PASS;
}
