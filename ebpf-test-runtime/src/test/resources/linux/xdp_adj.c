#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
/* packet byte 14 selects the helper, bytes 16..19 hold the delta (little-endian) */
SEC("xdp")
int xdp_adj(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	if (data + 20 > end)
		return 999;
	__u8 op = ((__u8 *)data)[14];
	int delta = *(int *)(data + 16);
	long r;
	if (op == 0)
		r = bpf_xdp_adjust_head(ctx, delta);
	else if (op == 1)
		r = bpf_xdp_adjust_tail(ctx, delta);
	else
		r = bpf_xdp_adjust_meta(ctx, delta);
	return (int)r;
}
char LICENSE[] SEC("license") = "GPL";
