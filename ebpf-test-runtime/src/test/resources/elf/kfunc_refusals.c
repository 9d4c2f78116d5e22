// Kfunc calls the kernel's verifier refuses, which the emulator traps at with the verifier's
// reason: NAT set-up on a conntrack entry a lookup found (an nf_conn, not an nf_conn___init), and
// per-CPU objects of types that are not structs of scalars or are larger than 512 bytes.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct nf_conn {
	unsigned long status;
} __attribute__((preserve_access_index));

struct nf_conn___init {
	struct nf_conn ct;
} __attribute__((preserve_access_index));

struct bpf_ct_opts {
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u16 ct_zone_id;
	__u8 ct_zone_dir;
	__u8 reserved[3];
};

union nf_inet_addr {
	__u32 all[4];
	__be32 ip;
	__be32 ip6[4];
};

enum nf_nat_manip_type {
	NF_NAT_MANIP_SRC,
	NF_NAT_MANIP_DST,
};

struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *, struct bpf_sock_tuple *, __u32, struct bpf_ct_opts *, __u32) __ksym;
void bpf_ct_release(struct nf_conn *) __ksym;
int bpf_ct_set_nat_info(struct nf_conn___init *, union nf_inet_addr *, int port, enum nf_nat_manip_type manip) __ksym;
extern void *bpf_percpu_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_percpu_obj_drop_impl(void *kptr, void *meta__ign) __ksym;

// Looks up the packet's tuple (struct bpf_sock_tuple's ipv4 member, then the l4proto) and sets NAT on it.
SEC("xdp")
int nat_on_found(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct bpf_ct_opts opts = {.netns_id = -1};
	union nf_inet_addr addr = {};
	struct bpf_sock_tuple t;
	struct nf_conn *ct;
	int r;

	if (data + 13 > (void *)(long)ctx->data_end)
		return 1;
	__builtin_memcpy(&t, data, 12);
	opts.l4proto = *(__u8 *)(data + 12);
	ct = bpf_xdp_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts));
	if (!ct)
		return 2;
	r = bpf_ct_set_nat_info((struct nf_conn___init *)ct, &addr, 0, NF_NAT_MANIP_SRC);
	bpf_ct_release(ct);
	return r;
}

struct with_pointer {
	long count;
	void *next;
};

struct too_big {
	long words[65];
};

SEC("xdp")
int percpu_with_pointer(struct xdp_md *ctx)
{
	void *p = bpf_percpu_obj_new_impl(bpf_core_type_id_local(struct with_pointer), NULL);

	if (p)
		bpf_percpu_obj_drop_impl(p, NULL);
	return 0;
}

SEC("xdp")
int percpu_too_big(struct xdp_md *ctx)
{
	void *p = bpf_percpu_obj_new_impl(bpf_core_type_id_local(struct too_big), NULL);

	if (p)
		bpf_percpu_obj_drop_impl(p, NULL);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
