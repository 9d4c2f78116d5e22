// Helpers whose results are easy to get subtly wrong, each result stored in an array map so that a
// run in the emulator and in the kernel can be compared entry by entry.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 48);
	__type(key, __u32);
	__type(value, __s64);
} results SEC(".maps");

struct text {
	char bytes[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct text);
} formatted SEC(".maps");

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
	// a failed conversion sets *res to 0
	res = 7;
	bpf_strtol(huge, sizeof(huge), 10, &res);
	record(32, res);
	ures = 7;
	bpf_strtoul(minus, sizeof(minus), 10, &ures);
	record(33, ures);
	return XDP_PASS;
}

static const char fmt[] = "a=%d b=%u c=%x d=%lld e=%05d|%-4d|%llx";

SEC("xdp")
int format(struct xdp_md *ctx)
{
	__u64 args[] = { -42, 42, 0xbeef, -9000000000LL, 7, 3, 0x1122334455667788ULL };
	__u32 zero = 0;
	struct text *out = bpf_map_lookup_elem(&formatted, &zero);

	if (!out)
		return XDP_ABORTED;
	record(18, bpf_snprintf(out->bytes, sizeof(out->bytes), fmt, args, sizeof(args)));
	record(19, bpf_snprintf(out->bytes, 8, fmt, args, sizeof(args)));
	return XDP_PASS;
}

SEC("tc")
int skb_misc(struct __sk_buff *skb)
{
	__u32 mtu = 0;
	struct bpf_tunnel_key key = {};

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
	record(28, bpf_skb_get_tunnel_key(skb, &key, sizeof(key), 0));
	key.remote_ipv4 = 0x0a000001;
	key.tunnel_id = 42;
	key.tunnel_ttl = 64;
	record(29, bpf_skb_set_tunnel_key(skb, &key, sizeof(key), 0));
	__builtin_memset(&key, 0, sizeof(key));
	record(30, bpf_skb_get_tunnel_key(skb, &key, sizeof(key), 0));
	record(31, ((__s64)key.tunnel_id << 32) | key.remote_ipv4);

	// an error leaves *mtu_len as it was
	mtu = 77;
	record(34, bpf_check_mtu(skb, 99, &mtu, 0, 0));
	record(35, mtu);

	// an IPv4 key may not carry a flow label; older key sizes are taken even with the IPv6 flag
	struct bpf_tunnel_key labelled = { .remote_ipv4 = 1, .tunnel_label = 5 };
	record(36, bpf_skb_set_tunnel_key(skb, &labelled, sizeof(labelled), 0));
	struct bpf_tunnel_key v6 = {};
	record(37, bpf_skb_set_tunnel_key(skb, &v6, 28, BPF_F_TUNINFO_IPV6));

	// a zero-sized buffer: nothing read, nothing written
	char probe[4] = { 'A', 'B', 0, 0 };
	record(38, bpf_probe_read_kernel_str(probe, 0, &fmt));
	record(39, probe[0]);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
