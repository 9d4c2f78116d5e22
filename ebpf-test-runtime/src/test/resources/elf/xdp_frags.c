// XDP multi-buffer frames: one program per frags declaration, both running the operation the frame
// asks for. The arguments sit after the Ethernet header (frame bytes 14..29) and are read with
// bpf_xdp_load_bytes, so they reach the program even when test_run leaves the linear part empty.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct args {
	__u8 op;
	__u8 pad[3];
	__s32 a;
	__s32 b;
	__s32 c;
};

static __always_inline long run(struct xdp_md *ctx)
{
	struct args args;
	__u8 buf[256];
	long r, r2;
	__u32 len;

	r = bpf_xdp_load_bytes(ctx, 14, &args, sizeof(args));
	if (r)
		return 900 + r;
	switch (args.op) {
	case 0: /* adjust the tail by a */
		return bpf_xdp_adjust_tail(ctx, args.a);
	case 1: /* adjust the tail by a, then by b */
		r = bpf_xdp_adjust_tail(ctx, args.a);
		if (r)
			return r - 1000;
		return bpf_xdp_adjust_tail(ctx, args.b);
	case 2: /* load b bytes from offset a, store them at offset c */
		len = args.b & 0xff;
		if (len == 0)
			return 998;
		r = bpf_xdp_load_bytes(ctx, args.a, buf, len);
		if (r)
			return r - 1000;
		return bpf_xdp_store_bytes(ctx, args.c, buf, len);
	case 3: /* store b bytes 0xa0, 0xa1, ... at offset a */
		len = args.b & 0xff;
		if (len == 0)
			return 998;
		for (int i = 0; i < 256; i++)
			buf[i] = 0xa0 + i;
		return bpf_xdp_store_bytes(ctx, args.a, buf, len);
	case 4: /* move the head by a */
		return bpf_xdp_adjust_head(ctx, args.a);
	case 5: /* the whole frame's length */
		return bpf_xdp_get_buff_len(ctx);
	case 6: /* adjust the tail by a, then the whole frame's length */
		r = bpf_xdp_adjust_tail(ctx, args.a);
		if (r)
			return r - 1000;
		return bpf_xdp_get_buff_len(ctx);
	case 7: /* what direct packet access sees: the linear part */
		return (long)ctx->data_end - (long)ctx->data;
	case 8: /* load a with an offset or length beyond 0xffff */
		r = bpf_xdp_load_bytes(ctx, args.a, buf, 1);
		r2 = bpf_xdp_store_bytes(ctx, args.a, buf, 1);
		return r * 1000 + r2;
	case 9: { /* the MTU check, which measures the linear part */
		__u32 mtu_len = 0;
		return bpf_check_mtu(ctx, 0, &mtu_len, args.a, 0);
	}
	}
	return 999;
}

SEC("xdp.frags")
int frags(struct xdp_md *ctx)
{
	return run(ctx);
}

SEC("xdp")
int single(struct xdp_md *ctx)
{
	return run(ctx);
}

char LICENSE[] SEC("license") = "GPL";
