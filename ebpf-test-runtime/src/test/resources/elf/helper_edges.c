// Helper edge cases the kernel answers in ways that are easy to get wrong: bpf_csum_diff's exact
// 32-bit arithmetic, and bpf_loop with the verifier's inlining (r0 = (u32)-E2BIG) and without it
// (r0 = -E2BIG). Every program loads in Linux 6.18; the kernel test compares them with the emulator.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

// bpf_loop with a 64-bit count: the helper's prototype takes a u32, which would make clang clear
// the upper half; the inlined loop compares all 64 bits of r1.
static long (*const loop64)(__u64 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *)181;

// The packet: from_size, to_size, 2 unused bytes, the seed (little-endian), then 128 bytes of
// "from" and 128 bytes of "to". The result (64 bits) replaces the first 8 bytes.
SEC("xdp")
int csum_diff_bytes(struct xdp_md *ctx)
{
	__u8 buf[256];
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 264 > end)
		return XDP_ABORTED;
	if (bpf_xdp_load_bytes(ctx, 8, buf, sizeof(buf)))
		return XDP_ABORTED;
	__u32 from_size = *(__u8 *)data & 0x7f;
	__u32 to_size = *(__u8 *)(data + 1) & 0x7f;
	__u32 seed = *(__u32 *)(data + 4);
	long r = bpf_csum_diff((__be32 *)buf, from_size, (__be32 *)(buf + 128), to_size, seed);
	*(__u64 *)data = r;
	return XDP_PASS;
}

struct loop_state {
	__u64 calls;
	__u64 stop;
};

static int count_calls(__u64 index, struct loop_state *s)
{
	s->calls++;
	return s->calls >= s->stop;
}

// The packet: nr_loops (u64), then where the callback stops (u64), then the flags (u64). Writes
// r0 over nr_loops, the calls made over the stop, and 1 over the flags when r0 < 0 as a signed
// 64-bit number.
static __always_inline int report(void *data, long r, struct loop_state *s)
{
	*(__u64 *)data = r;
	*(__u64 *)(data + 8) = s->calls;
	*(__u64 *)(data + 16) = r < 0;
	return XDP_PASS;
}

// Flags a known 0 and one callback: the verifier inlines the loop.
SEC("xdp")
int loop_inlined(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct loop_state s = { 0 };

	if (data + 24 > end)
		return XDP_ABORTED;
	s.stop = *(__u64 *)(data + 8);
	long r = loop64(*(__u64 *)data, count_calls, &s, 0);
	return report(data, r, &s);
}

// Flags read from the packet (0 at run time, unknown to the verifier): the helper runs.
SEC("xdp")
int loop_called(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct loop_state s = { 0 };

	if (data + 24 > end)
		return XDP_ABORTED;
	s.stop = *(__u64 *)(data + 8);
	long r = loop64(*(__u64 *)data, count_calls, &s, *(__u64 *)(data + 16));
	return report(data, r, &s);
}
