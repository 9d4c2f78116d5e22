// Several programs in one object, sharing subprograms of every kind.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

// A static subprogram in .text, called from several sections.
static __attribute__((noinline)) int add_one(int x)
{
	return x + 1;
}

// A global subprogram in .text; the kernel verifies it on its own.
__attribute__((noinline)) int twice(int x)
{
	return add_one(x) * 2;
}

SEC("xdp")
int xdp_len(struct xdp_md *ctx)
{
	int len = ctx->data_end - ctx->data;
	return add_one(len) > 100 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int xdp_twice(struct xdp_md *ctx)
{
	return twice(ctx->ingress_ifindex) > 4 ? XDP_PASS : XDP_ABORTED;
}

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	skb->mark = add_one(skb->len);
	return 0;
}

SEC("socket")
int socket_all(struct __sk_buff *skb)
{
	return skb->len;
}
