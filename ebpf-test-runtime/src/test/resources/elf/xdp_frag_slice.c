// Dynptr slices of a multi-buffer XDP frame: inside the linear part, inside a fragment (where the
// kernel answers a pointer into the fragment itself) and across the boundary between the two
// (where it copies into the buffer). The offset sits after the Ethernet header (frame bytes 14..17)
// and each program returns 1000 when the slice is the buffer, plus bytes of the slice. (Linux 6.18
// refuses bpf_dynptr_slice_rdwr in an xdp.frags program: "bpf_dynptr_slice_rdwr() is not allowed".)
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_dynptr_from_xdp(struct xdp_md *xdp, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;

SEC("xdp.frags")
int slice_read(struct xdp_md *ctx)
{
	struct bpf_dynptr ptr;
	__u8 buf[8] = {};
	__u32 off;
	__u8 *p;

	if (bpf_xdp_load_bytes(ctx, 14, &off, sizeof(off)))
		return 1;
	if (bpf_dynptr_from_xdp(ctx, 0, &ptr))
		return 2;
	p = bpf_dynptr_slice(&ptr, off, buf, sizeof(buf));
	if (!p)
		return 3;
	return (p == buf ? 1000 : 0) + p[0] + p[7];
}

SEC("xdp.frags")
int slice_no_buffer(struct xdp_md *ctx)
{
	struct bpf_dynptr ptr;
	__u32 off;
	__u8 *p;

	if (bpf_xdp_load_bytes(ctx, 14, &off, sizeof(off)))
		return 1;
	if (bpf_dynptr_from_xdp(ctx, 0, &ptr))
		return 2;
	p = bpf_dynptr_slice(&ptr, off, NULL, 8);
	if (!p)
		return 3;
	return 100 + p[2];
}

char _license[] SEC("license") = "GPL";
