// A map value holding a bpf_spin_lock and a bpf_timer, updated in place with BPF_F_LOCK: a hash
// element keeps its timer (the next bpf_timer_init answers -EBUSY), an array element and a plain
// update free it (the next init answers 0). Each returns that second init's answer (set-up failures: < -99).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct val {
	struct bpf_spin_lock lock;
	struct bpf_timer t;
	__u64 x;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct val);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct val);
} array SEC(".maps");

static long reinit(void *map, __u32 key, __u64 flags)
{
	struct val zero = {}, next = { .x = 5 }, *v;

	if (flags != BPF_F_LOCK || map == (void *)&hash)
		bpf_map_update_elem(map, &key, &zero, BPF_ANY);
	v = bpf_map_lookup_elem(map, &key);
	if (!v)
		return -100;
	long err = bpf_timer_init(&v->t, map, CLOCK_MONOTONIC);
	if (err)
		return err * 1000;
	if (bpf_map_update_elem(map, &key, &next, flags))
		return -102;
	v = bpf_map_lookup_elem(map, &key);
	if (!v || v->x != 5)
		return -103;
	return bpf_timer_init(&v->t, map, CLOCK_MONOTONIC);
}

SEC("tc")
int hash_locked(struct __sk_buff *skb)
{
	return reinit(&hash, 0, BPF_F_LOCK);
}

SEC("tc")
int hash_plain(struct __sk_buff *skb)
{
	return reinit(&hash, 1, BPF_ANY);
}

SEC("tc")
int array_locked(struct __sk_buff *skb)
{
	return reinit(&array, 0, BPF_F_LOCK);
}

SEC("tc")
int array_plain(struct __sk_buff *skb)
{
	return reinit(&array, 1, BPF_ANY);
}

char _license[] SEC("license") = "GPL";
