// Lookups in a sockmap and a sockhash from a tc program, which Linux allows since 5.x: each returns
// a referenced socket to release, or NULL for an empty slot, a key past the end or a missing key.
// The object creates both maps empty, so every lookup here finds NULL, in Linux and in the emulator.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} by_slot SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} by_key SEC(".maps");

// 1 when neither map has the packet's length as a key, else 2 plus the socket's family.
SEC("tc")
int family_of_socket(struct __sk_buff *skb)
{
	__u32 key = skb->len;
	struct bpf_sock *sk = bpf_map_lookup_elem(&by_slot, &key);
	int family;

	if (!sk)
		sk = bpf_map_lookup_elem(&by_key, &key);
	if (!sk)
		return 1;
	family = sk->family;
	bpf_sk_release(sk);
	return 2 + family;
}

char LICENSE[] SEC("license") = "GPL";
