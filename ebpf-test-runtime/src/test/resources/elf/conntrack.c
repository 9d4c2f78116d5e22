// Conntrack kfuncs, which the emulator does not provide: the object loads, a run that does not
// reach them (a frame under 100 bytes) returns XDP_PASS as in the kernel, and a run that does
// traps naming bpf_xdp_ct_lookup.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct nf_conn {
	unsigned long status;
};

struct bpf_ct_opts {
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u8 reserved[2];
};

struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *, struct bpf_sock_tuple *, __u32, struct bpf_ct_opts *, __u32) __ksym;
void bpf_ct_release(struct nf_conn *) __ksym;

SEC("xdp")
int ct_verdict(struct xdp_md *ctx)
{
	struct bpf_ct_opts opts = {.netns_id = -1, .l4proto = 6};
	struct bpf_sock_tuple t = {};
	struct nf_conn *ct;

	if (ctx->data_end - ctx->data < 100)
		return XDP_PASS;
	ct = bpf_xdp_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts));
	if (!ct)
		return opts.error == -2 ? XDP_DROP : XDP_ABORTED;
	bpf_ct_release(ct);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
