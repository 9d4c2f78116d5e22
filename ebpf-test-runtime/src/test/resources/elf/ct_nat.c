// bpf_ct_set_nat_info: an allocated entry gets source or destination NAT before it is inserted, so
// that the table finds the connection by its translated reply tuple. The packet carries the tuple
// (struct bpf_sock_tuple's ipv4 member), the l4proto, a variant, the manip type, the NAT address
// and the port, so that a kernel comparison can use fresh tuples and addresses each time.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

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
struct nf_conn___init *bpf_xdp_ct_alloc(struct xdp_md *, struct bpf_sock_tuple *, __u32, struct bpf_ct_opts *, __u32) __ksym;
struct nf_conn *bpf_ct_insert_entry(struct nf_conn___init *) __ksym;
void bpf_ct_release(struct nf_conn *) __ksym;
int bpf_ct_set_nat_info(struct nf_conn___init *, union nf_inet_addr *, int port, enum nf_nat_manip_type manip) __ksym;

struct input {
	struct {
		__be32 saddr, daddr;
		__be16 sport, dport;
	} t;				// struct bpf_sock_tuple's ipv4 member
	__u8 l4proto;
	__u8 variant;
	__u8 manip;
	__u8 pad;
	__be32 addr;			// the NAT address
	__s32 port;			// the NAT port, host order; not positive: none
};

static __always_inline struct input *input(struct xdp_md *ctx)
{
	struct input *in = (void *)(long)ctx->data;

	if ((void *)(in + 1) > (void *)(long)ctx->data_end)
		return 0;
	return in;
}

// Allocates an entry for the packet's tuple, sets NAT as the packet asks and inserts it. Variant 1
// sets the other manip type too (to the same address, no port); variant 2 asks for the same manip
// type twice. Answers 0x1000000 | -second call << 16 | -first call << 8 | status bits 4-8 after
// insert, 3000 when the insert clashes, 1000 - error when the alloc fails.
SEC("xdp")
int ct_nat(struct xdp_md *ctx)
{
	struct input *in = input(ctx);
	struct bpf_ct_opts opts = {.netns_id = -1};
	union nf_inet_addr addr = {};
	struct bpf_sock_tuple t;
	struct nf_conn___init *init;
	struct nf_conn *ct;
	int first, second = 0, r;

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	addr.ip = in->addr;
	init = bpf_xdp_ct_alloc(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts));
	if (!init)
		return 1000 - opts.error;
	first = bpf_ct_set_nat_info(init, &addr, in->port, in->manip);
	if (in->variant == 1)
		second = bpf_ct_set_nat_info(init, &addr, 0, in->manip ^ 1);
	else if (in->variant == 2)
		second = bpf_ct_set_nat_info(init, &addr, in->port, in->manip);
	ct = bpf_ct_insert_entry(init);
	if (!ct)
		return 3000;
	r = 0x1000000 | ((-second) & 0xff) << 16 | ((-first) & 0xff) << 8 | ((ct->status >> 4) & 0x1f);
	bpf_ct_release(ct);
	return r;
}

// Looks up the packet's tuple: 0x10000 | dir << 12 | status bits 4-8, or 1000 - error.
SEC("xdp")
int ct_nat_lookup(struct xdp_md *ctx)
{
	struct input *in = input(ctx);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t;
	struct nf_conn *ct;
	int r;

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	ct = bpf_xdp_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts));
	if (!ct)
		return 1000 - opts.error;
	r = 0x10000 | opts.dir << 12 | ((ct->status >> 4) & 0x1f);
	bpf_ct_release(ct);
	return r;
}

char LICENSE[] SEC("license") = "GPL";
