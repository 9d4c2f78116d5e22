// bpf_dynptr_slice_rdwr: a writable slice of the packet, from tc (read-write dynptr) and from a
// socket filter (whose skb dynptr is read-only, so the slice is NULL). Linux 6.18 on the machine
// that checked dynptr.c refused this kfunc in tc and XDP programs ("bpf_dynptr_slice_rdwr() is not
// allowed"), so only the emulator runs these.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern int bpf_dynptr_from_xdp(struct xdp_md *xdp, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice_rdwr(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;

/* Writes 0x5a into the first byte through a writable slice: 1 if there was one, else 0. */
static __always_inline int poke(struct bpf_dynptr *d, __u32 offset)
{
	__u8 *p = bpf_dynptr_slice_rdwr(d, offset, NULL, 6);

	if (!p)
		return 0;
	p[0] = 0x5a;
	return 1;
}

SEC("tc")
int rdwr_tc(struct __sk_buff *skb)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(skb, 0, &d);
	return poke(&d, 0);
}

SEC("socket")
int rdwr_socket(struct __sk_buff *skb)
{
	struct bpf_dynptr d;

	bpf_dynptr_from_skb(skb, 0, &d);
	return poke(&d, 0);
}

/* At offset 3600 of a frame of more than 3520 bytes the slice lies in the first fragment. */
SEC("xdp")
int rdwr_xdp(struct xdp_md *ctx)
{
	struct bpf_dynptr d;
	int linear, frag;

	bpf_dynptr_from_xdp(ctx, 0, &d);
	linear = poke(&d, 0);
	frag = poke(&d, 3600);
	return linear + 2 * frag;
}

char LICENSE[] SEC("license") = "GPL";
