// Maps whose elements the kernel allocates on demand (LazyMapMemoryTest): a BPF_F_NO_PREALLOC hash
// of 16M entries of 1 KiB values, which a preallocating emulator could never hold, and an LPM trie
// of the same values. Programs insert, look up and report what the helper answered in globals.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct big_value {
	__u64 words[128];
};

struct lpm_key {
	__u32 prefixlen;
	__u32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16 * 1024 * 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct big_value);
} sparse SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16 * 1024 * 1024);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_key);
	__type(value, struct big_value);
} routes SEC(".maps");

// The value every insert writes: a global, since 1 KiB does not fit the 512-byte stack.
struct big_value fill;
long last_err;
__u64 last_addr;
__u64 last_word;

static __always_inline int key_of(void *data, void *data_end, __u32 *key)
{
	if (data + 4 > data_end)
		return -1;
	*key = *(__u32 *)data;
	return 0;
}

// Inserts the packet's first 4 bytes as a key into sparse, with fill.words[0] = key.
SEC("xdp")
int insert(struct xdp_md *ctx)
{
	__u32 key;

	if (key_of((void *)(long)ctx->data, (void *)(long)ctx->data_end, &key))
		return XDP_ABORTED;
	fill.words[0] = key;
	last_err = bpf_map_update_elem(&sparse, &key, &fill, BPF_ANY);
	return XDP_PASS;
}

// Looks the key up in sparse from an XDP VM: records the value's address and first word, and
// writes the key's complement into the second word for another VM to see.
SEC("xdp")
int lookup_xdp(struct xdp_md *ctx)
{
	struct big_value *v;
	__u32 key;

	if (key_of((void *)(long)ctx->data, (void *)(long)ctx->data_end, &key))
		return XDP_ABORTED;
	v = bpf_map_lookup_elem(&sparse, &key);
	if (!v)
		return XDP_DROP;
	last_addr = (__u64)(long)v;
	last_word = v->words[0];
	v->words[1] = ~key;
	return XDP_PASS;
}

// The same lookup from a tc VM: records the address and the second word the XDP program wrote.
SEC("tc")
int lookup_tc(struct __sk_buff *skb)
{
	struct big_value *v;
	__u32 key;

	if (key_of((void *)(long)skb->data, (void *)(long)skb->data_end, &key))
		return 2;
	v = bpf_map_lookup_elem(&sparse, &key);
	if (!v)
		return 2;
	last_addr = (__u64)(long)v;
	last_word = v->words[1];
	return 0;
}

// Inserts the packet's first 4 bytes as a /32 prefix into routes, with fill.words[0] = address.
SEC("xdp")
int insert_route(struct xdp_md *ctx)
{
	struct lpm_key key = {.prefixlen = 32};

	if (key_of((void *)(long)ctx->data, (void *)(long)ctx->data_end, &key.addr))
		return XDP_ABORTED;
	fill.words[0] = key.addr;
	last_err = bpf_map_update_elem(&routes, &key, &fill, BPF_ANY);
	return XDP_PASS;
}

// Looks the address up in routes; records the value's address and first word.
SEC("tc")
int lookup_route(struct __sk_buff *skb)
{
	struct lpm_key key = {.prefixlen = 32};
	struct big_value *v;

	if (key_of((void *)(long)skb->data, (void *)(long)skb->data_end, &key.addr))
		return 2;
	v = bpf_map_lookup_elem(&routes, &key);
	if (!v)
		return 2;
	last_addr = (__u64)(long)v;
	last_word = v->words[0];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
