/* One tc program per helper family, driven by the control block given in ctx_in:
 * cb[0] selects the operation, cb[1..4] are its arguments. The program returns the helper's
 * result and reports vlan_present / vlan_tci in cb[3] / cb[4] afterwards, which ctx_out shows. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define V(f) (*(volatile __u32 *)&skb->f)

SEC("tc")
int tc_ops(struct __sk_buff *skb)
{
	__u32 op = V(cb[0]), a = V(cb[1]), b = V(cb[2]), c = V(cb[3]), d = V(cb[4]);
	__u8 x[32] = {}, y[32] = {};
	long r;

	switch (op) {
	case 0:
		r = bpf_l3_csum_replace(skb, a, b, c, d);
		break;
	case 1:
		r = bpf_l4_csum_replace(skb, a, b, c, d);
		break;
	case 2:
		bpf_skb_load_bytes(skb, a & 0xff, x, 32);
		bpf_skb_load_bytes(skb, b & 0xff, y, 32);
		r = bpf_csum_diff((void *)x, (a >> 16) & 0x1c, (void *)y, (b >> 16) & 0x1c, c);
		break;
	case 3:
		bpf_skb_load_bytes(skb, b, x, 16);
		r = bpf_skb_store_bytes(skb, a, x, 4, d);
		break;
	case 4:
		r = bpf_skb_change_tail(skb, a, b);
		break;
	case 5:
		r = bpf_skb_vlan_push(skb, a, b);
		break;
	case 6:
		r = bpf_skb_vlan_pop(skb);
		break;
	case 7:
		r = bpf_skb_vlan_push(skb, a, b);
		r = r * 100 + bpf_skb_vlan_push(skb, a, c);
		break;
	case 8:
		r = bpf_skb_adjust_room(skb, (int)a, b, c | ((__u64)d << 32));
		break;
	case 9:
		r = bpf_skb_change_head(skb, a, b);
		break;
	case 10:
		r = bpf_skb_change_proto(skb, a, b);
		break;
	default:
		r = -1;
	}
	V(cb[3]) = V(vlan_present);
	V(cb[4]) = V(vlan_tci);
	V(cb[2]) = V(protocol);
	return (int)r;
}
char LICENSE[] SEC("license") = "GPL";
