// Socket storage and skb->sk under BPF_PROG_TEST_RUN: test_run attaches a socket of its own to
// each packet (no protocol, TCP_CLOSE, the packet's family and addresses) and frees it after the
// run, so storage created on it starts afresh every run. The tc programs record what they see in
// out; lookup_count counts in the storage of a socket found with bpf_sk_lookup_tcp.
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct val {
	__u32 count;
	__u32 seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct val);
} store SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __s64);
} out SEC(".maps");

static __always_inline void put(__u32 slot, __s64 v)
{
	bpf_map_update_elem(&out, &slot, &v, BPF_ANY);
}

SEC("tc")
int count(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct val *v;

	if (!sk)
		return 100;
	v = bpf_sk_storage_get(&store, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!v)
		return 101;
	v->count++;
	return v->count;
}

SEC("cgroup_skb/ingress")
int count_cg(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct val *v;

	if (!sk)
		return 0;
	v = bpf_sk_storage_get(&store, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!v)
		return 0;
	v->count++;
	return v->count == 1;
}

SEC("tc")
int lifecycle(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;
	struct val init = {.count = 7, .seen = 9};
	struct val *v;

	if (!sk)
		return 100;
	put(0, bpf_sk_storage_get(&store, sk, 0, 0) == 0);
	put(1, bpf_sk_storage_delete(&store, sk));
	v = bpf_sk_storage_get(&store, sk, &init, BPF_SK_STORAGE_GET_F_CREATE);
	if (!v)
		return 101;
	put(2, v->count * 100 + v->seen);
	v->count = 3;
	v = bpf_sk_storage_get(&store, sk, 0, 0);
	put(3, v ? v->count : -1);
	put(4, bpf_sk_storage_get(&store, sk, 0, 2) == 0);
	put(5, bpf_sk_storage_delete(&store, sk));
	put(6, bpf_sk_storage_delete(&store, sk));
	put(7, bpf_sk_storage_get(&store, sk, 0, 0) == 0);
	return 0;
}

SEC("tc")
int sk_fields(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 100;
	put(8, sk->family);
	put(9, sk->state);
	put(10, sk->src_ip4);
	put(11, sk->dst_ip4);
	put(12, sk->src_port);
	put(13, sk->dst_port);
	put(14, sk->bound_dev_if);
	put(15, sk->rx_queue_mapping);
	sk = bpf_sk_fullsock(sk);
	if (!sk)
		return 101;
	put(16, sk->type);
	put(17, sk->protocol);
	put(18, sk->mark);
	put(19, sk->priority);
	put(20, bpf_tcp_sock(sk) == 0);
	return 0;
}

SEC("tc")
int lookup_count(struct __sk_buff *skb)
{
	struct bpf_sock_tuple t = {};
	struct bpf_sock *sk;
	struct val *v;
	int n;

	t.ipv4.saddr = bpf_htonl(0x0a000009);
	t.ipv4.daddr = bpf_htonl(0x0a000001);
	t.ipv4.sport = bpf_htons(40000);
	t.ipv4.dport = bpf_htons(80);
	sk = bpf_sk_lookup_tcp(skb, &t, sizeof(t.ipv4), BPF_F_CURRENT_NETNS, 0);
	if (!sk)
		return 100;
	v = bpf_sk_storage_get(&store, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	n = v ? ++v->count : 101;
	bpf_sk_release(sk);
	return n;
}

char LICENSE[] SEC("license") = "GPL";
