// Programs in SEC("?...") sections, which libbpf loads only when asked (autoload off): the object
// loads though one of them is a program Linux refuses, and each is typed by the name after the '?'.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

// always loaded
SEC("xdp")
int always(struct xdp_md *ctx)
{
	return XDP_PASS;
}

// refused when asked for: the packet is read without a bounds check
SEC("?xdp")
int unchecked_read(struct xdp_md *ctx)
{
	return *(unsigned char *)(long)ctx->data;
}

// accepted when asked for
SEC("?xdp")
int optional_xdp(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("?tc/ingress")
int optional_tc(struct __sk_buff *skb)
{
	return 0;
}

SEC("?raw_tp/sys_enter")
int optional_raw_tp(void *ctx)
{
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} jumps SEC(".maps");

// tail-calls whatever slot 0 of jumps holds
SEC("xdp")
int tail_caller(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &jumps, 0);
	return XDP_PASS;
}
