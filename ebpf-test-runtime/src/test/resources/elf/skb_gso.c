// tc programs whose result depends on whether the socket buffer is a GSO packet: test_run makes one
// when ctx_in sets gso_size (with no GSO type). Each returns what a helper answered and, where the
// helper changes the GSO state, the gso_segs and gso_size it left, so that a run in the emulator
// and in the kernel compare on the return value, the packet and ctx_out.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

// the GSO fields as (gso_segs << 16) | gso_size, after the helper's answer in the top bits
static __always_inline int gso_state(struct __sk_buff *skb, long rc)
{
	return (int)(((rc & 0x7f) << 24) | ((skb->gso_segs & 0xff) << 16) | (skb->gso_size & 0xffff));
}

SEC("tc")
int trim_tail(struct __sk_buff *skb)
{
	return gso_state(skb, -bpf_skb_change_tail(skb, skb->len - 4, 0));
}

SEC("tc")
int grow_tail(struct __sk_buff *skb)
{
	return gso_state(skb, -bpf_skb_change_tail(skb, skb->len + 10, 0));
}

SEC("tc")
int same_tail(struct __sk_buff *skb)
{
	return gso_state(skb, -bpf_skb_change_tail(skb, skb->len, 0));
}

SEC("tc")
int room_grow(struct __sk_buff *skb)
{
	return -bpf_skb_adjust_room(skb, 8, BPF_ADJ_ROOM_NET, 0);
}

SEC("tc")
int room_grow_fixed(struct __sk_buff *skb)
{
	return -bpf_skb_adjust_room(skb, 8, BPF_ADJ_ROOM_NET, BPF_F_ADJ_ROOM_FIXED_GSO);
}

SEC("tc")
int room_shrink(struct __sk_buff *skb)
{
	return -bpf_skb_adjust_room(skb, -8, BPF_ADJ_ROOM_MAC, 0);
}

SEC("tc")
int room_shrink_bad_flags(struct __sk_buff *skb)
{
	// shrinking refuses encapsulation flags before it looks at GSO
	return -bpf_skb_adjust_room(skb, -8, BPF_ADJ_ROOM_MAC, BPF_F_ADJ_ROOM_ENCAP_L3_IPV4);
}

SEC("tc")
int clone_to_lo(struct __sk_buff *skb)
{
	return -bpf_clone_redirect(skb, 1, 0);
}

SEC("tc")
int mtu_over(struct __sk_buff *skb)
{
	__u32 mtu_len = 0;
	long rc = bpf_check_mtu(skb, 0, &mtu_len, 70000, 0);

	return (int)(rc * 1000000 + mtu_len);
}

SEC("tc")
int mtu_segs(struct __sk_buff *skb)
{
	__u32 mtu_len = 0;
	long rc = bpf_check_mtu(skb, 0, &mtu_len, 0, BPF_MTU_CHK_SEGS);

	return (int)(rc * 1000000 + mtu_len);
}

SEC("tc")
int proto_to_v6(struct __sk_buff *skb)
{
	return gso_state(skb, -bpf_skb_change_proto(skb, __builtin_bswap16(ETH_P_IPV6), 0));
}

SEC("tc")
int head_room(struct __sk_buff *skb)
{
	return gso_state(skb, -bpf_skb_change_head(skb, 14, 0));
}

char _license[] SEC("license") = "GPL";
