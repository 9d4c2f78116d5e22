// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests in C for parsing.h, the header the example programs share. Each program is a test in
 * the kernel test_loader's convention (include/ebpf_test.h): it runs once on test_loader's input,
 * 64 zero bytes of XDP frame, writes the headers it needs into that frame, and returns what
 * __retval expects unless an expect() fails first. The ebpf-ctests engine runs them with the Java
 * tests; `java -jar ebpf-test.jar test parsing_test.o` runs them alone.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include "parsing.h"
#include "ebpf_test.h"

char LICENSE[] SEC("license") = "GPL";

SEC("xdp") __description("parse_eth reads the EtherType of an untagged frame") __retval(XDP_PASS)
int untagged_frame(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct cursor c;
	__be16 proto = 0xffff;

	cursor_init(&c, data, (void *)(long)ctx->data_end);
	expect(parse_eth(&c, &proto) != NULL);
	expect_eq(proto, 0);
	expect_eq(c.pos - data, sizeof(struct ethhdr));
	return XDP_PASS;
}

SEC("xdp") __description("parse_eth steps over one VLAN tag") __retval(XDP_PASS)
int one_vlan_tag(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *vlan = data + sizeof(*eth);
	struct cursor c;
	__be16 proto = 0;

	if ((void *)(vlan + 1) > end)
		return XDP_ABORTED;
	eth->h_proto = bpf_htons(ETH_P_8021Q);
	vlan->encapsulated_proto = bpf_htons(ETH_P_IP);
	cursor_init(&c, data, end);
	expect(parse_eth(&c, &proto) == eth);
	expect_eq(proto, bpf_htons(ETH_P_IP));
	expect_eq(c.pos - data, sizeof(*eth) + sizeof(*vlan));
	return XDP_PASS;
}

SEC("xdp") __description("parse_ipv4 refuses a header length below 20 bytes") __retval(XDP_DROP)
int short_ipv4_header(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct iphdr *ip = data;
	struct cursor c;

	if ((void *)(ip + 1) > end)
		return XDP_ABORTED;
	ip->version = 4;
	ip->ihl = 4;
	cursor_init(&c, data, end);
	return parse_ipv4(&c) ? XDP_PASS : XDP_DROP;
}

SEC("xdp") __description("later fragments are told from the first") __retval(XDP_PASS)
int later_fragments(struct xdp_md *ctx)
{
	struct iphdr *ip = (void *)(long)ctx->data;

	if ((void *)(ip + 1) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	ip->frag_off = bpf_htons(0x2000);        /* more fragments, offset 0: the first */
	expect(!ipv4_is_later_fragment(ip));
	ip->frag_off = bpf_htons(185);           /* offset 185 * 8 bytes */
	expect(ipv4_is_later_fragment(ip));
	return XDP_PASS;
}
