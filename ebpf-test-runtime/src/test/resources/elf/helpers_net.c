// Packet and tunnel helpers whose results are deterministic on test_run's packets: each result goes
// into an array map, so that a run in the emulator and in the kernel compare entry by entry.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#ifndef BPF_F_NO_TUNNEL_KEY
#define BPF_F_NO_TUNNEL_KEY (1ULL << 4)
#endif
#define PACKET_OTHERHOST 3

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __s64);
} results SEC(".maps");

struct big {
	__u8 bytes[256];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct big);
} scratch SEC(".maps");

static __always_inline void record(__u32 slot, __s64 value)
{
	bpf_map_update_elem(&results, &slot, &value, BPF_ANY);
}

SEC("tc")
int tunnel_opts(struct __sk_buff *skb)
{
	struct bpf_tunnel_key key = { .remote_ipv4 = 0x0a000001, .tunnel_id = 42, .tunnel_ttl = 64 };
	__u32 opt[2] = { 0x01020304, 0x05060708 };
	__u32 buf[4] = { 1, 1, 1, 1 };
	__u32 zero = 0;
	struct big *big = bpf_map_lookup_elem(&scratch, &zero);

	if (!big)
		return TC_ACT_SHOT;
	record(0, bpf_skb_get_tunnel_opt(skb, buf, sizeof(buf)));
	record(1, buf[0]);
	record(2, bpf_skb_set_tunnel_opt(skb, opt, sizeof(opt)));
	record(3, bpf_skb_set_tunnel_key(skb, &key, sizeof(key), 0));
	record(4, bpf_skb_get_tunnel_opt(skb, buf, sizeof(buf)));
	record(5, bpf_skb_set_tunnel_opt(skb, opt, 6));
	record(6, bpf_skb_set_tunnel_opt(skb, big->bytes, 256));
	record(7, bpf_skb_set_tunnel_opt(skb, opt, sizeof(opt)));
	buf[0] = 9;
	record(8, bpf_skb_get_tunnel_opt(skb, buf, 4));
	record(9, buf[0]);
	buf[3] = 9;
	record(10, bpf_skb_get_tunnel_opt(skb, buf, sizeof(buf)));
	record(11, ((__s64)buf[1] << 32) | buf[0]);
	record(12, ((__s64)buf[3] << 32) | buf[2]);
	record(13, bpf_skb_get_tunnel_key(skb, &key, sizeof(key), BPF_F_TUNINFO_FLAGS));
	record(14, key.tunnel_flags);
	record(15, bpf_skb_set_tunnel_opt(skb, opt, 4));
	record(16, bpf_skb_get_tunnel_opt(skb, buf, sizeof(buf)));
	record(17, bpf_skb_set_tunnel_opt(skb, big->bytes, 252));
	record(18, bpf_skb_get_tunnel_opt(skb, buf, sizeof(buf)));
	// a new key drops the options; tunnel_flags shares its place with tunnel_ext, which must be 0
	key.remote_ipv4 = 0x0a000002;
	key.tunnel_flags = 0;
	record(19, bpf_skb_set_tunnel_key(skb, &key, sizeof(key),
					  BPF_F_ZERO_CSUM_TX | BPF_F_DONT_FRAGMENT | BPF_F_SEQ_NUMBER | BPF_F_NO_TUNNEL_KEY));
	record(20, bpf_skb_get_tunnel_opt(skb, buf, sizeof(buf)));
	record(21, bpf_skb_get_tunnel_key(skb, &key, sizeof(key), BPF_F_TUNINFO_FLAGS));
	record(22, key.tunnel_flags);
	// the metadata the packet leaves with: key 7 to 10.0.0.3 and one 8-byte option
	struct bpf_tunnel_key out = { .remote_ipv4 = 0x0a000003, .tunnel_id = 7, .tunnel_ttl = 9 };
	record(23, bpf_skb_set_tunnel_key(skb, &out, sizeof(out), 0));
	record(24, bpf_skb_set_tunnel_opt(skb, opt, sizeof(opt)));
	return TC_ACT_OK;
}

SEC("tc")
int skb_more(struct __sk_buff *skb)
{
	__u8 b[8] = {};

	record(30, bpf_skb_load_bytes_relative(skb, 0, b, 4, BPF_HDR_START_MAC));
	record(31, *(__u32 *)b);
	record(32, bpf_skb_load_bytes_relative(skb, 0, b, 4, BPF_HDR_START_NET));
	record(33, *(__u32 *)b);
	record(34, bpf_skb_load_bytes_relative(skb, 0, b, 4, 2));
	record(35, bpf_skb_load_bytes_relative(skb, 4000, b, 4, BPF_HDR_START_NET));
	record(36, bpf_skb_change_type(skb, PACKET_OTHERHOST));
	record(37, skb->pkt_type);
	record(38, bpf_skb_change_type(skb, 4));
	record(39, bpf_skb_pull_data(skb, 0));
	record(40, bpf_skb_pull_data(skb, skb->len + 1));
	record(41, bpf_csum_update(skb, 0x1234));
	record(42, bpf_get_cgroup_classid(skb));
	record(43, bpf_clone_redirect(skb, 999, 0));
	record(44, bpf_clone_redirect(skb, 1, 2));
	record(45, bpf_redirect_neigh(1, 0, 0, 1));
	record(46, bpf_redirect_peer(1, 1));
	record(47, bpf_redirect(1, 2));
	record(48, bpf_redirect_peer(1, 0));
	record(49, bpf_redirect_neigh(1, 0, 0, 0));
	return bpf_redirect(5, BPF_F_INGRESS);
}

SEC("xdp")
int xdp_more(struct xdp_md *ctx)
{
	__u8 b[16] = {};
	__u32 mtu = 0;

	record(50, bpf_xdp_get_buff_len(ctx));
	record(51, bpf_xdp_load_bytes(ctx, 0, b, 14));
	record(52, ((__s64)b[12] << 8) | b[13]);
	record(53, bpf_xdp_load_bytes(ctx, bpf_xdp_get_buff_len(ctx) - 4, b, 8));
	b[0] = 0xab;
	b[1] = 0xcd;
	record(54, bpf_xdp_store_bytes(ctx, 6, b, 2));
	record(55, bpf_xdp_store_bytes(ctx, bpf_xdp_get_buff_len(ctx) - 1, b, 2));
	record(56, bpf_check_mtu(ctx, 0, &mtu, 0, 0));
	record(57, mtu);
	record(58, bpf_check_mtu(ctx, 0, &mtu, 70000, 0));
	record(59, bpf_check_mtu(ctx, 0, &mtu, 0, 1));
	record(60, bpf_redirect(3, 1));
	return bpf_redirect(3, 0);
}

char LICENSE[] SEC("license") = "GPL";
