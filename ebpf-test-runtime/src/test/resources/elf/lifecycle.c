// What closing a loaded object, or one of its maps, lets go of: a kptr to an allocated object and
// an armed timer in the value of a map programs name directly (plain) and of an inner map they
// reach only through an array of maps (inner). The timer callback calls bpf_get_prandom_u32, which
// a test can override to learn whether a callback ran.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define CLOCK_MONOTONIC 1

extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *kptr, void *meta__ign) __ksym;

struct token {
	__u64 value;
};

struct held {
	struct token __attribute__((btf_type_tag("kptr"))) *obj;
	__u64 fired;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct held);
} plain SEC(".maps");

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct held);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer SEC(".maps") = {
	.values = { &inner },
};

static int tick(void *map, __u32 *key, struct held *h)
{
	h->fired++;
	bpf_get_prandom_u32();
	return 0;
}

/* Stashes a new object in h and arms h's timer 1 µs ahead; the answers as decimal digits (0: all went well). */
static __always_inline long stash_and_arm(struct held *h, void *map)
{
	struct token *n = bpf_obj_new_impl(bpf_core_type_id_local(struct token), NULL), *old;
	long ret = 0;

	if (!n)
		return 9;
	old = bpf_kptr_xchg(&h->obj, n);
	if (old)
		bpf_obj_drop_impl(old, NULL);
	if (bpf_timer_init(&h->t, map, CLOCK_MONOTONIC))
		ret += 1;
	if (bpf_timer_set_callback(&h->t, tick))
		ret += 2;
	if (bpf_timer_start(&h->t, 1000, 0))
		ret += 4;
	return ret;
}

/* In plain's element: a stashed object and an armed timer. */
SEC("tc")
int arm_plain(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct held *h = bpf_map_lookup_elem(&plain, &zero);

	return h ? stash_and_arm(h, &plain) : 10;
}

/* In the element of the inner map in slot 0 of outer: a stashed object and an armed timer. */
SEC("tc")
int arm_inner(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct held *h;
	void *map;

	map = bpf_map_lookup_elem(&outer, &zero);
	if (!map)
		return 11;
	h = bpf_map_lookup_elem(map, &zero);
	return h ? stash_and_arm(h, map) : 12;
}

char _license[] SEC("license") = "GPL";
