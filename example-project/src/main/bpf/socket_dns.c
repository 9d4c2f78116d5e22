// SPDX-License-Identifier: GPL-2.0
/*
 * Socket filter that keeps only DNS queries: IPv4 UDP to port 53.
 *
 * It reads the packet with the legacy absolute loads (BPF_LD | BPF_ABS),
 * which clang exposes as LLVM intrinsics. They read in network byte order and
 * end the program, returning 0, when the offset lies outside the packet, so
 * no bounds checks are written. For a socket filter, offset 0 is the start of
 * the network header: the Ethernet header has already been pulled.
 *
 * Returns the number of bytes to keep: the whole packet, or 0 to drop it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");

#define DNS_PORT 53

SEC("socket")
int socket_dns(struct __sk_buff *skb)
{
	__u32 ip_len;

	if (skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	if (load_byte(skb, offsetof(struct iphdr, protocol)) != IPPROTO_UDP)
		return 0;
	/* Later fragments have no UDP header where one would expect it. */
	if (load_half(skb, offsetof(struct iphdr, frag_off)) & 0x1fff)
		return 0;
	ip_len = (load_byte(skb, 0) & 0x0f) * 4;
	if (load_half(skb, ip_len + 2) != DNS_PORT)   /* UDP destination port */
		return 0;
	return skb->len;
}

char LICENSE[] SEC("license") = "GPL";
