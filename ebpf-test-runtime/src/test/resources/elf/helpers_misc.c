// Helpers whose results are easy to get subtly wrong, each result stored in an array map so that a
// run in the emulator and in the kernel can be compared entry by entry.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __s64);
} results SEC(".maps");

static __always_inline void record(__u32 slot, __s64 value)
{
	bpf_map_update_elem(&results, &slot, &value, BPF_ANY);
}

SEC("xdp")
int strtox(struct xdp_md *ctx)
{
	char dec[] = "  -1234xyz";
	char hex[] = "0x7fFf";
	char oct[] = "0777";
	char huge[] = "99999999999999999999";
	char none[] = "xyz";
	char minus[] = "-5";
	long res = 0;
	unsigned long ures = 0;

	record(0, bpf_strtol(dec, sizeof(dec), 0, &res));
	record(1, res);
	record(2, bpf_strtol(hex, sizeof(hex), 0, &res));
	record(3, res);
	record(4, bpf_strtol(hex, sizeof(hex), 16, &res));
	record(5, res);
	record(6, bpf_strtol(oct, sizeof(oct), 0, &res));
	record(7, res);
	record(8, bpf_strtol(oct, sizeof(oct), 10, &res));
	record(9, res);
	record(10, bpf_strtol(huge, sizeof(huge), 10, &res));
	record(11, bpf_strtol(none, sizeof(none), 10, &res));
	record(12, bpf_strtol(dec, sizeof(dec), 7, &res));
	record(13, bpf_strtoul(minus, sizeof(minus), 10, &ures));
	record(14, bpf_strtoul(hex, sizeof(hex), 0, &ures));
	record(15, ures);
	record(16, bpf_strtol(dec, 4, 10, &res));
	return XDP_PASS;
}

SEC("tc")
int skb_misc(struct __sk_buff *skb)
{
	__u32 mtu = 0;

	record(20, bpf_check_mtu(skb, 0, &mtu, 0, 0));
	record(21, mtu);
	record(22, bpf_check_mtu(skb, 0, &mtu, 70000, 0));
	record(23, bpf_csum_level(skb, BPF_CSUM_LEVEL_QUERY));
	record(24, bpf_csum_level(skb, BPF_CSUM_LEVEL_INC));
	record(25, bpf_csum_level(skb, 42));
	bpf_set_hash(skb, 0x12345678);
	record(26, skb->hash);
	bpf_set_hash_invalid(skb);
	record(27, skb->hash);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
