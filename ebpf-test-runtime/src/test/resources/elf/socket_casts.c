// Reads the emulator refuses: a member of the kernel's struct tcp_sock it does not fill in (skc_hash,
// at offset 8) through the pointer bpf_skc_to_tcp_sock returns (the kernel allows it), and the
// padding after struct bpf_sock's dst_port (the kernel's verifier refuses this program).
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

static __always_inline struct bpf_sock *listener(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};

	t.ipv4.saddr = bpf_htonl(0x7f000001);
	t.ipv4.daddr = bpf_htonl(0x7f000001);
	t.ipv4.sport = bpf_htons(50000);
	t.ipv4.dport = bpf_htons(8080);
	return bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), BPF_F_CURRENT_NETNS, 0);
}

SEC("tc")
int read_tcp_sock(struct __sk_buff *skb)
{
	struct bpf_sock *sk = listener(skb);
	int v = -1;

	if (!sk)
		return TC_ACT_SHOT;
	struct tcp_sock *tp = bpf_skc_to_tcp_sock(sk);
	if (tp)
		v = *(volatile __u32 *)((void *)tp + 8);
	bpf_sk_release(sk);
	return v;
}

SEC("tc")
int read_padding(struct __sk_buff *skb)
{
	struct bpf_sock *sk = listener(skb);
	int v;

	if (!sk)
		return TC_ACT_SHOT;
	v = *(volatile __u16 *)((void *)sk + 50);
	bpf_sk_release(sk);
	return v;
}

char LICENSE[] SEC("license") = "GPL";
