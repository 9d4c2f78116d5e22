#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
SEC("socket")
int sf_ldabs(struct __sk_buff *skb)
{
	/* byte 0 relative to the program type's start, the network header and the link-layer header */
	__u32 a = load_byte(skb, 0);
	__u32 b = load_byte(skb, -0x100000 + 1);
	__u32 c = load_byte(skb, -0x200000 + 12);
	return a << 16 | b << 8 | c;
}
SEC("tc")
int tc_ldabs(struct __sk_buff *skb)
{
	__u32 a = load_byte(skb, 0);
	__u32 b = load_byte(skb, -0x100000 + 1);
	__u32 c = load_byte(skb, -0x200000 + 12);
	return a << 16 | b << 8 | c;
}
char LICENSE[] SEC("license") = "GPL";
