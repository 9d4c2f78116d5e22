// A program that tail-calls itself from inside two nested bpf-to-bpf calls until the kernel's limit
// of 33 tail calls stops it. Each tail call replaces the calling subprogram's frame, so the frames
// below it stay: the chain ends 2 * 33 frames deep, which Linux allows (bpftool prog run: 33).
// The first packet byte counts the entries; the result is the number of tail calls taken.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int again(struct xdp_md *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, int (void *));
} chain SEC(".maps") = {
	.values = { [0] = (void *)&again },
};

static __noinline int inner(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return -1;
	data[0]++;
	bpf_tail_call(ctx, &chain, 0);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 1 > end)
		return -1;
	return data[0] - 1;
}

static __noinline int outer(struct xdp_md *ctx)
{
	return inner(ctx);
}

SEC("xdp")
int again(struct xdp_md *ctx)
{
	return outer(ctx);
}

char LICENSE[] SEC("license") = "GPL";
