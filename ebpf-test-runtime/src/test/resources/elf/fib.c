// bpf_fib_lookup from XDP and tc: the test writes struct bpf_fib_lookup, the flags and the size to
// pass into io[0]; the program calls the helper on it in place and stores the return value.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct fib_io {
	struct bpf_fib_lookup params;
	__u32 flags;
	__u32 short_size;
	__s64 rc;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fib_io);
} io SEC(".maps");

static __always_inline int lookup(void *ctx)
{
	__u32 zero = 0;
	struct fib_io *p = bpf_map_lookup_elem(&io, &zero);

	if (!p)
		return -1;
	// a size smaller than the struct is refused with -EINVAL
	if (p->short_size)
		p->rc = bpf_fib_lookup(ctx, &p->params, sizeof(p->params) - 4, p->flags);
	else
		p->rc = bpf_fib_lookup(ctx, &p->params, sizeof(p->params), p->flags);
	return 0;
}

SEC("xdp")
int fib_xdp(struct xdp_md *ctx)
{
	return lookup(ctx) ? XDP_ABORTED : XDP_PASS;
}

SEC("tc")
int fib_tc(struct __sk_buff *skb)
{
	return lookup(skb) ? TC_ACT_SHOT : TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
