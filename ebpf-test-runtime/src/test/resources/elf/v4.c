// Instructions of cpu v4 (clang 19, -mcpu=v4): sign-extending moves and loads, signed division,
// unconditional byte swaps.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int v4_ops(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	signed char *p = data;
	long len = (long)(data_end - data);

	if (data + 4 > data_end)
		return XDP_ABORTED;
	long v = p[0];                           // ldxsb
	v = v / (len - 100);                     // sdiv
	v += __builtin_bswap32(*(unsigned int *)data);  // bswap32
	return (short)v == 7 ? XDP_DROP : XDP_PASS;     // movsx
}
