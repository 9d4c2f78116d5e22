// SPDX-License-Identifier: GPL-2.0
/*
 * XDP rate limiter: a token bucket per IPv4 source address.
 *
 * Each source may send `burst` packets at once and `rate_per_sec` packets per
 * second after that; a packet that finds its bucket empty is dropped. Tokens
 * are earned from the time since the last refill (bpf_ktime_get_ns), in whole
 * tokens, and the bucket never holds more than `burst`. A spin lock in the
 * map value keeps two CPUs from spending the same token.
 *
 * Not limited: non-IPv4 traffic. Dropped as malformed: a truncated IPv4
 * header. A bucket whose last refill lies in the future, as after a clock
 * step, earns nothing until the clock catches up.
 */
#include <linux/bpf.h>
#include "parsing.h"

#define NSEC_PER_SEC 1000000000ULL

/* Set by the loader before load (a skeleton writes them); read-only afterwards. */
const volatile __u32 rate_per_sec = 1;
const volatile __u32 burst = 4;

struct bucket {
	struct bpf_spin_lock lock;
	__u32 tokens;
	__u64 last_refill_ns;
};

enum verdict_counter {
	COUNT_PASSED = 0,
	COUNT_LIMITED = 1,
	COUNT_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __be32);                    /* source address */
	__type(value, struct bucket);
} buckets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline int count(__u32 which, int verdict)
{
	__u64 *packets = bpf_map_lookup_elem(&counters, &which);

	if (packets)
		(*packets)++;
	return verdict;
}

/* Takes one token from the source's bucket, creating a full bucket first if needed. */
static __always_inline int take_token(__be32 source, __u64 now)
{
	struct bucket *b = bpf_map_lookup_elem(&buckets, &source);
	int allowed = 0;

	if (!b) {
		struct bucket fresh = { .tokens = burst, .last_refill_ns = now };

		/* Another CPU may win the race to create it; either way, look again. */
		bpf_map_update_elem(&buckets, &source, &fresh, BPF_NOEXIST);
		b = bpf_map_lookup_elem(&buckets, &source);
		if (!b)
			return 0;
	}

	bpf_spin_lock(&b->lock);
	if (now > b->last_refill_ns) {
		__u64 elapsed = now - b->last_refill_ns;

		/* Capping first keeps elapsed * rate from overflowing after a long idle. */
		if (elapsed >= (__u64)burst * NSEC_PER_SEC) {
			b->tokens = burst;
			b->last_refill_ns = now;
		} else {
			__u64 earned = elapsed * rate_per_sec / NSEC_PER_SEC;

			if (earned) {
				b->tokens = b->tokens + earned > burst ? burst : b->tokens + earned;
				b->last_refill_ns = now;
			}
		}
	}
	if (b->tokens) {
		b->tokens--;
		allowed = 1;
	}
	bpf_spin_unlock(&b->lock);
	return allowed;
}

SEC("xdp")
int xdp_ratelimit(struct xdp_md *ctx)
{
	struct cursor c;
	struct iphdr *ip;
	__be16 proto;

	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	if (!parse_eth(&c, &proto) || proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip)
		return XDP_DROP;

	if (!take_token(ip->saddr, bpf_ktime_get_ns()))
		return count(COUNT_LIMITED, XDP_DROP);
	return count(COUNT_PASSED, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
