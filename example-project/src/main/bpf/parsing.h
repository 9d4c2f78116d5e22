/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounds-checked header parsing shared by the example programs.
 *
 * Every helper takes a cursor that points at the next unparsed byte and the
 * end of the packet. It returns a pointer to the header and advances the
 * cursor, or returns NULL when the packet is too short. The verifier only
 * accepts a packet access after such a comparison against data_end, which is
 * why each helper checks before it hands out a pointer.
 */
#ifndef EXAMPLES_PARSING_H
#define EXAMPLES_PARSING_H

#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* linux/if_vlan.h is not part of the UAPI headers, so the tag is spelled out. */
struct vlan_hdr {
	__be16 tci;                  /* priority, drop eligibility, VLAN id */
	__be16 encapsulated_proto;   /* EtherType of what follows the tag */
};

struct cursor {
	void *pos;
	void *end;
};

static __always_inline void cursor_init(struct cursor *c, void *data, void *data_end)
{
	c->pos = data;
	c->end = data_end;
}

/* Hands out the next `len` bytes, or NULL if the packet ends before them. */
static __always_inline void *cursor_take(struct cursor *c, __u32 len)
{
	void *start = c->pos;

	if (start + len > c->end)
		return NULL;
	c->pos = start + len;
	return start;
}

static __always_inline int is_vlan_proto(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

/*
 * Parses the Ethernet header and at most one VLAN tag. Stores the EtherType of
 * the payload (network byte order) in *proto, which is still a VLAN EtherType
 * when the frame carries a second tag; callers decide what to do with those.
 */
static __always_inline struct ethhdr *parse_eth(struct cursor *c, __be16 *proto)
{
	struct ethhdr *eth = cursor_take(c, sizeof(*eth));
	struct vlan_hdr *vlan;

	if (!eth)
		return NULL;
	*proto = eth->h_proto;
	if (is_vlan_proto(*proto)) {
		vlan = cursor_take(c, sizeof(*vlan));
		if (!vlan)
			return NULL;
		*proto = vlan->encapsulated_proto;
	}
	return eth;
}

/* Parses an IPv4 header including its options; rejects a header length below 20. */
static __always_inline struct iphdr *parse_ipv4(struct cursor *c)
{
	struct iphdr *ip = c->pos;
	__u32 hdr_len;

	if ((void *)(ip + 1) > c->end)
		return NULL;
	hdr_len = ip->ihl * 4;
	if (hdr_len < sizeof(*ip))
		return NULL;
	if (!cursor_take(c, hdr_len))
		return NULL;
	return ip;
}

/* True for every fragment but the first: those carry no transport header. */
static __always_inline int ipv4_is_later_fragment(const struct iphdr *ip)
{
	return (ip->frag_off & bpf_htons(0x1fff)) != 0;
}

#endif /* EXAMPLES_PARSING_H */
