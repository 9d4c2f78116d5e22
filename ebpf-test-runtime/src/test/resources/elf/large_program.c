// A program of thousands of instructions, far over the 8,000 bytes of JVM code HotSpot compiles
// as one method: a hash over the first 192 bytes of the frame, unrolled, with a data-dependent
// branch per byte, a large bpf-to-bpf function and a loop, so the JIT must split it into several
// methods that hand over inside loops, across calls and around helper calls.
// Returns XDP_DROP or XDP_PASS by the hash's low bit and writes the hash into the frame's first
// four bytes; counts runs per verdict in an array map.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

#define STEP(i)                                                          \
	if (data + (i) + 1 > end)                                        \
		goto out;                                                \
	b = data[i];                                                     \
	if (b & 1)                                                       \
		h = h * 31 + b;                                          \
	else                                                             \
		h = (h ^ (b << 3)) + (h >> 7);

#define STEP8(i) STEP(i) STEP(i + 1) STEP(i + 2) STEP(i + 3) STEP(i + 4) STEP(i + 5) STEP(i + 6) STEP(i + 7)
#define STEP64(i) STEP8(i) STEP8(i + 8) STEP8(i + 16) STEP8(i + 24) STEP8(i + 32) STEP8(i + 40) STEP8(i + 48) STEP8(i + 56)

static __noinline __u32 tail_hash(struct xdp_md *ctx, __u32 h)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	__u32 b;

	STEP64(128)
out:
	return h;
}

SEC("xdp")
int large_program(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	__u32 h = 2166136261u, b;
	__u32 key;
	__u64 *count;

	STEP64(0)
	STEP64(64)
	h = tail_hash(ctx, h);
	for (int i = 0; i < 16; i++)
		h = h * 7 + (h >> (i & 7));
out:
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 4 <= end) {
		data[0] = h;
		data[1] = h >> 8;
		data[2] = h >> 16;
		data[3] = h >> 24;
	}
	key = h & 1;
	count = bpf_map_lookup_elem(&verdicts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return h & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
