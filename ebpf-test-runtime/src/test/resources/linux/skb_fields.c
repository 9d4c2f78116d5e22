#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
/* tc_fields writes every readable __sk_buff field, as u32 words, into the packet from byte 14 on */
SEC("tc")
int tc_fields(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	__u32 *o = data + 14;
	if ((void *)(o + 32) > end)
		return 999;
	o[0] = skb->len; o[1] = skb->pkt_type; o[2] = skb->mark; o[3] = skb->queue_mapping;
	o[4] = skb->protocol; o[5] = skb->vlan_present; o[6] = skb->vlan_tci; o[7] = skb->vlan_proto;
	o[8] = skb->priority; o[9] = skb->ingress_ifindex; o[10] = skb->ifindex; o[11] = skb->tc_index;
	o[12] = skb->cb[0]; o[13] = skb->cb[4]; o[14] = skb->hash; o[15] = skb->tc_classid;
	o[16] = skb->data - skb->data_meta; o[17] = skb->data_end - skb->data; o[18] = skb->napi_id;
	o[19] = skb->wire_len; o[20] = skb->gso_segs; o[21] = skb->gso_size; o[22] = (__u32)skb->tstamp;
	o[23] = skb->tstamp_type; o[24] = (__u32)skb->hwtstamp; o[25] = skb->sk ? 1 : 0;
	o[26] = bpf_get_hash_recalc(skb); o[27] = skb->hash;
	#define W(f, v) (*(volatile typeof(skb->f) *)&skb->f = (v))
	W(mark, 0x55); W(priority, 7); W(cb[1], 0x1234); W(tc_index, 3); W(tc_classid, 9);
	W(queue_mapping, 2); W(tstamp, 1000);
	return 0;
}
SEC("socket")
int sf_len(struct __sk_buff *skb)
{
	return skb->len * 65536 + skb->protocol;
}
char LICENSE[] SEC("license") = "GPL";
