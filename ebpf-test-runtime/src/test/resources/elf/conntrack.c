// Conntrack kfuncs: lookups, bad options, alloc + insert. The packet carries the tuple (struct
// bpf_sock_tuple's ipv4 member, 12 bytes) followed by the l4proto and a variant byte, so that a
// kernel comparison can use a fresh tuple each time (an inserted entry stays in the kernel's table).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define ENOENT 2

struct nf_conn {
	unsigned int timeout;
	unsigned long status;
	unsigned int mark;
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

struct nf_conn *bpf_xdp_ct_lookup(struct xdp_md *, struct bpf_sock_tuple *, __u32, struct bpf_ct_opts *, __u32) __ksym;
struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff *, struct bpf_sock_tuple *, __u32, struct bpf_ct_opts *, __u32) __ksym;
struct nf_conn___init *bpf_xdp_ct_alloc(struct xdp_md *, struct bpf_sock_tuple *, __u32, struct bpf_ct_opts *, __u32) __ksym;
struct nf_conn *bpf_ct_insert_entry(struct nf_conn___init *) __ksym;
void bpf_ct_release(struct nf_conn *) __ksym;
void bpf_ct_set_timeout(struct nf_conn___init *, __u32) __ksym;
int bpf_ct_change_timeout(struct nf_conn *, __u32) __ksym;
int bpf_ct_set_status(const struct nf_conn___init *, __u32) __ksym;
int bpf_ct_change_status(struct nf_conn *, __u32) __ksym;

struct input {
	struct {
		__be32 saddr, daddr;
		__be16 sport, dport;
	} t;				// struct bpf_sock_tuple's ipv4 member
	__u8 l4proto;
	__u8 variant;
};

static __always_inline struct input *input(void *data, void *data_end)
{
	struct input *in = data;

	if ((void *)(in + 1) > data_end)
		return 0;
	return in;
}

// Found: 0x10000 | dir << 12 | (status & 0xff) << 4 | mark & 0xf. Not found: 1000 - error.
static __always_inline int answer(struct nf_conn *ct, struct bpf_ct_opts *opts)
{
	int r;

	if (!ct)
		return 1000 - opts->error;
	r = 0x10000 | opts->dir << 12 | (ct->status & 0xff) << 4 | (ct->mark & 0xf);
	bpf_ct_release(ct);
	return r;
}

SEC("xdp")
int ct_lookup(struct xdp_md *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t;

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	return answer(bpf_xdp_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts)), &opts);
}

// The reply direction: the tuple from the packet reversed.
SEC("xdp")
int ct_lookup_reply(struct xdp_md *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t = {};

	if (!in)
		return 1;
	t.ipv4.saddr = in->t.daddr;
	t.ipv4.daddr = in->t.saddr;
	t.ipv4.sport = in->t.dport;
	t.ipv4.dport = in->t.sport;
	opts.l4proto = in->l4proto;
	return answer(bpf_xdp_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts)), &opts);
}

SEC("tc")
int ct_lookup_skb(struct __sk_buff *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t;

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	return answer(bpf_skb_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts)), &opts);
}

// Bad options, chosen by the variant byte; answers 1000 - opts.error, and the zone direction the
// kernel wrote back in the hundreds of thousands.
SEC("xdp")
int ct_bad_opts(struct xdp_md *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t = {};
	struct nf_conn *ct;
	__u32 tsz = sizeof(t.ipv4), osz = sizeof(opts);

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	switch (in->variant) {
	case 0: ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, 8); break;
	case 1: opts.reserved[1] = 1; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	case 2: opts.netns_id = -2; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	case 3: opts.l4proto = 1; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	case 4: ct = bpf_xdp_ct_lookup(ctx, &t, 10, &opts, osz); break;
	case 5: opts.ct_zone_id = 3; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, 12); break;
	case 6: opts.netns_id = 1234567; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	case 7: opts.l4proto = 1; opts.netns_id = -2; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	case 8: ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, 12); break;
	case 10: opts.ct_zone_id = 3; ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	default: ct = bpf_xdp_ct_lookup(ctx, &t, tsz, &opts, osz); break;
	}
	if (ct) {
		bpf_ct_release(ct);
		return 2;
	}
	return 1000 - opts.error + opts.ct_zone_dir * 100000;
}

// The same checks on alloc, whose order differs (netns_id before l4proto).
SEC("xdp")
int ct_bad_alloc(struct xdp_md *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t = {};
	struct nf_conn___init *ct;
	__u32 tsz = sizeof(t.ipv4), osz = sizeof(opts);

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	switch (in->variant) {
	case 0: ct = bpf_xdp_ct_alloc(ctx, &t, tsz, &opts, 8); break;
	case 3: opts.l4proto = 1; ct = bpf_xdp_ct_alloc(ctx, &t, tsz, &opts, osz); break;
	case 4: ct = bpf_xdp_ct_alloc(ctx, &t, 10, &opts, osz); break;
	case 6: opts.netns_id = 1234567; ct = bpf_xdp_ct_alloc(ctx, &t, tsz, &opts, osz); break;
	case 7: opts.l4proto = 1; opts.netns_id = -2; ct = bpf_xdp_ct_alloc(ctx, &t, tsz, &opts, osz); break;
	default: opts.reserved[2] = 1; ct = bpf_xdp_ct_alloc(ctx, &t, tsz, &opts, osz); break;
	}
	if (ct) {
		// an allocated entry is given up only by inserting it
		struct nf_conn *ins = bpf_ct_insert_entry(ct);

		if (ins)
			bpf_ct_release(ins);
		return 2;
	}
	return 1000 - opts.error;
}

// Allocates an entry for the packet's tuple, sets its status, timeout and mark, and inserts it.
// Answers 0x20000 | set_status's answer (negated, low byte) << 8 | status after insert & 0xff,
// 3000 when the insert clashes, or 1000 - error when the alloc fails.
SEC("xdp")
int ct_insert(struct xdp_md *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t;
	struct nf_conn___init *init;
	struct nf_conn *ct;
	int set, r;

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	init = bpf_xdp_ct_alloc(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts));
	if (!init)
		return 1000 - opts.error;
	// variant 1 asks for IPS_CONFIRMED with SEEN_REPLY: -EBUSY, CONFIRMED is not the entry's yet
	set = bpf_ct_set_status(init, in->variant == 1 ? 0xa : 0x6);
	bpf_ct_set_timeout(init, 30000);
	((struct nf_conn *)init)->mark = 5;
	ct = bpf_ct_insert_entry(init);
	if (!ct)
		return 3000;
	r = 0x20000 | ((-set) & 0xff) << 8 | (ct->status & 0xff);
	bpf_ct_release(ct);
	return r;
}

// Looks up the packet's tuple and changes the entry: status (the variant: 0 asks for no bits, which
// the kernel refuses with -EBUSY as it would clear CONFIRMED; 1 adds IPS_HELPER), the timeout and
// the mark.
// Answers 0x3000000 | status bits 8-15 after the change << 16 | -change_status << 8 | -change_timeout,
// or 1000 - error.
SEC("xdp")
int ct_change(struct xdp_md *ctx)
{
	struct input *in = input((void *)(long)ctx->data, (void *)(long)ctx->data_end);
	struct bpf_ct_opts opts = {.netns_id = -1};
	struct bpf_sock_tuple t;
	struct nf_conn *ct;
	int s, tm, r;

	if (!in)
		return 1;
	__builtin_memcpy(&t, &in->t, 12);
	opts.l4proto = in->l4proto;
	ct = bpf_xdp_ct_lookup(ctx, &t, sizeof(t.ipv4), &opts, sizeof(opts));
	if (!ct)
		return 1000 - opts.error;
	s = bpf_ct_change_status(ct, in->variant == 0 ? 0 : (ct->status | 0x2000));
	tm = bpf_ct_change_timeout(ct, 60000);
	ct->mark = 9;
	r = 0x3000000 | ((ct->status >> 8) & 0xff) << 16 | ((-s) & 0xff) << 8 | ((-tm) & 0xff);
	bpf_ct_release(ct);
	return r;
}

char LICENSE[] SEC("license") = "GPL";
