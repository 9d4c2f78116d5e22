// A netfilter program (SEC("netfilter"), run by bpf_prog_test_run_nf) and probes of what it may
// read: struct bpf_nf_ctx's state (struct nf_hook_state) and skb (struct sk_buff) at Linux 6.18
// x86-64's offsets (the structs below pad to them; no CO-RE, so the object means the same on every
// loader), and the packet through a dynptr. NetfilterKernelTest compares them with the kernel.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define NF_DROP 0
#define NF_ACCEPT 1
#define NF_INET_FORWARD 2
#define NFPROTO_IPV4 2
#define NFPROTO_IPV6 10

struct net_device_618 {
	char pad[224];
	int ifindex;			// offset 224
};

struct nf_hook_state_618 {
	unsigned char hook;		// offset 0
	unsigned char pf;		// offset 1
	struct net_device_618 *in;	// offset 8
	struct net_device_618 *out;	// offset 16
};

struct sk_buff_618 {
	char pad0[112];
	unsigned int len;		// offset 112
	unsigned int data_len;		// offset 116
	unsigned short mac_len;		// offset 120
	char pad1[128 - 122];
	unsigned char pkt_type;		// offset 128: pkt_type is its low 3 bits
	char pad2[140 - 129];
	unsigned int priority;		// offset 140
	int skb_iif;			// offset 144
	unsigned int hash;		// offset 148
	char pad3[164 - 152];
	unsigned int mark;		// offset 164
	char pad4[176 - 168];
	unsigned short protocol;	// offset 176 (__be16)
	unsigned short transport_header; // offset 178
	unsigned short network_header;	// offset 180
	unsigned short mac_header;	// offset 182
};

struct bpf_nf_ctx_618 {
	const struct nf_hook_state_618 *state;
	struct sk_buff_618 *skb;
};

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;

// Drops forwarded packets, IPv4 UDP to port 53 and IPv6 with next header 58 (ICMPv6) to hop limit 1;
// accepts the rest. The packet starts at the network header whatever the hook.
SEC("netfilter")
int nf_filter(struct bpf_nf_ctx_618 *ctx)
{
	const struct nf_hook_state_618 *state = ctx->state;
	struct bpf_dynptr ptr;
	__u8 buf[40];
	__u8 *h;

	if (state->hook == NF_INET_FORWARD)
		return NF_DROP;
	if (bpf_dynptr_from_skb((struct __sk_buff *)ctx->skb, 0, &ptr))
		return NF_ACCEPT;
	if (state->pf == NFPROTO_IPV4) {
		h = bpf_dynptr_slice(&ptr, 0, buf, 28);
		if (!h)
			return NF_ACCEPT;
		if (h[9] == 17 && (h[0] & 0xf) == 5 && h[22] == 0 && h[23] == 53)
			return NF_DROP;
	} else if (state->pf == NFPROTO_IPV6) {
		h = bpf_dynptr_slice(&ptr, 0, buf, 40);
		if (!h)
			return NF_ACCEPT;
		if (h[6] == 58 && h[7] == 1)
			return NF_DROP;
	}
	return NF_ACCEPT;
}

__u64 out[16];

// What the program may read, into out[]: the hook state (and the ifindex of its devices, 0 when
// none) and the socket buffer's fields. Netfilter programs may return only NF_DROP or NF_ACCEPT.
SEC("netfilter")
int nf_probe(struct bpf_nf_ctx_618 *ctx)
{
	const struct nf_hook_state_618 *s = ctx->state;
	struct sk_buff_618 *skb = ctx->skb;

	out[0] = s->hook;
	out[1] = s->pf;
	out[2] = s->in ? s->in->ifindex : 0;
	out[3] = s->out ? s->out->ifindex : 0;
	out[4] = skb->len;
	out[5] = skb->data_len;
	out[6] = skb->mac_len;
	out[7] = skb->pkt_type & 7;
	out[8] = skb->mark;
	out[9] = skb->priority;
	out[10] = skb->skb_iif;
	out[11] = skb->protocol;
	out[12] = skb->network_header;
	out[13] = skb->mac_header;
	out[14] = skb->transport_header;
	out[15] = 1;
	return NF_ACCEPT;
}

// skb->hash: a member the emulator does not lay out
SEC("netfilter")
int nf_hash(struct bpf_nf_ctx_618 *ctx)
{
	out[0] = ctx->skb->hash;
	return NF_ACCEPT;
}

char LICENSE[] SEC("license") = "GPL";
