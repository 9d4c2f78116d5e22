// SPDX-License-Identifier: GPL-2.0
/*
 * XDP packet sampler for traffic telemetry, in the style of sFlow: on average
 * one packet in config.sample_rate is copied, head first, into the `samples`
 * ring buffer for a collector in user space. Every packet passes (XDP_PASS).
 *
 * The choice is random (bpf_get_prandom_u32() % sample_rate == 0) rather than
 * every N-th packet, so that traffic with a period of its own cannot hide from
 * the sampler or be over-counted by it. sample_rate 0 switches sampling off,
 * 1 samples every packet.
 *
 * A sample holds the rate in force (collectors scale counts by it), the frame
 * length, the receiving interface and the first SAMPLE_HEAD bytes of the frame.
 * counters: [0] packets seen, [1] packets sampled, [2] samples lost because the
 * ring was full.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SAMPLE_HEAD 64               /* Ethernet + IPv4/IPv6 + TCP headers, mostly */

struct sampler_config {
	__u32 sample_rate;           /* 1 in sample_rate packets; 0 = off */
};

struct sample {
	__u32 sample_rate;
	__u32 frame_len;             /* of the whole frame */
	__u32 ingress_ifindex;
	__u32 head_len;              /* bytes of head that hold the frame; the rest is zero */
	__u8 head[SAMPLE_HEAD];
};

enum counter {
	COUNT_SEEN = 0,
	COUNT_SAMPLED = 1,
	COUNT_LOST = 2,
	COUNT_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sampler_config);
} config SEC(".maps");

/* The decl tag names the records' type, so that generated skeletons decode them. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);   /* bytes: 46 samples of 80 bytes plus their 8-byte headers */
} samples SEC(".maps") __attribute__((btf_decl_tag("ebpftest.record=struct sample")));

/* Never written: keeps struct sample in the BTF (see the tag above), as no global or emitted function has it. */
struct sample sample_type;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *packets = bpf_map_lookup_elem(&counters, &which);

	if (packets)
		(*packets)++;
}

SEC("xdp")
int xdp_sampler(struct xdp_md *ctx)
{
	__u32 frame_len = ctx->data_end - ctx->data;
	struct sampler_config *cfg;
	struct sample *s;
	__u64 head_len;              /* 64 bits: no zero-extended copy for the verifier to lose */
	__u32 zero = 0;
	__u32 rate;

	count(COUNT_SEEN);
	cfg = bpf_map_lookup_elem(&config, &zero);
	if (!cfg)
		return XDP_PASS;
	rate = cfg->sample_rate;
	if (rate == 0 || bpf_get_prandom_u32() % rate != 0)
		return XDP_PASS;

	s = bpf_ringbuf_reserve(&samples, sizeof(*s), 0);
	if (!s) {
		count(COUNT_LOST);
		return XDP_PASS;
	}
	/* Ring memory is not cleared between uses: never hand out stale bytes. */
	__builtin_memset(s, 0, sizeof(*s));
	s->sample_rate = rate;
	s->frame_len = frame_len;
	s->ingress_ifindex = ctx->ingress_ifindex;
	head_len = frame_len < SAMPLE_HEAD ? frame_len : SAMPLE_HEAD;
	/*
	 * The verifier must see the very register passed as the size bounded to 1..SAMPLE_HEAD;
	 * the barriers keep clang from folding the checks into one on a copy.
	 */
	barrier_var(head_len);
	if (head_len == 0)
		goto submit;
	barrier_var(head_len);
	if (head_len > SAMPLE_HEAD)
		goto submit;
	if (bpf_xdp_load_bytes(ctx, 0, s->head, head_len) == 0)
		s->head_len = head_len;
submit:
	bpf_ringbuf_submit(s, 0);
	count(COUNT_SAMPLED);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
