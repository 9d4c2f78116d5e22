// bpf_timer in the values of inner maps: two hash maps in an array of maps, an array in a hash of
// maps. The programs reach the inner maps only through the outer ones, initialise, arm and free
// timers there; the callbacks record their key and, through the map they are given, the tag of
// the element at that key, so a callback handed the wrong map or key shows it. Each program records
// the helpers' answers in out[].
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_MONOTONIC 1

struct elem {
	__u64 fired;
	__s64 key_seen;
	__s64 tag_seen;
	__u64 tag;
	struct bpf_timer t;
};

struct inner_hash {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct elem);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct elem);
} inner_arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_hash);
} outer_arr SEC(".maps") = {
	.values = { &inner_a, &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_hash SEC(".maps") = {
	.values = { &inner_arr },
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64[16]);
} out SEC(".maps");

static __s64 *slots(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&out, &zero);
}

/* Counts its runs; records its key and the tag its map holds under that key. */
static int seen(void *map, __u32 *key, struct elem *e)
{
	struct elem *same = bpf_map_lookup_elem(map, key);

	e->fired++;
	e->key_seen = *key;
	e->tag_seen = same ? (__s64)same->tag : -1;
	return 0;
}

/* Never meant to run: its timer is freed before it fires. */
static int never(void *map, __u32 *key, struct elem *e)
{
	e->fired += 100;
	return 0;
}

/* In inner map `slot` of outer_arr: element 10 + slot, tagged slot + 1, its timer armed `delay` ns ahead; o[0..3] the answers. */
static __always_inline void arm_hash(__s64 *o, __u32 slot, __u64 delay)
{
	struct elem init = { .tag = slot + 1 }, *e;
	__u32 key = 10 + slot;
	void *inner;

	inner = bpf_map_lookup_elem(&outer_arr, &slot);
	if (!inner) {
		o[0] = -1000;
		return;
	}
	o[0] = bpf_map_update_elem(inner, &key, &init, BPF_NOEXIST);
	e = bpf_map_lookup_elem(inner, &key);
	if (!e) {
		o[1] = -1000;
		return;
	}
	o[1] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[2] = bpf_timer_set_callback(&e->t, seen);
	o[3] = bpf_timer_start(&e->t, delay, 0);
}

/* Arms a timer in each of the two inner hash maps: 1 µs ahead in inner_a, 2 µs in inner_b. */
SEC("tc")
int arm_inner(struct __sk_buff *skb)
{
	__s64 *o = slots();

	if (!o)
		return 1;
	arm_hash(o, 0, 1000);
	arm_hash(o + 4, 1, 2000);
	return 0;
}

static int pong(void *map, __u32 *key, struct elem *e);

/* With pong, sets each other as the timer's callback and re-arm it 1 ms ahead, four runs in all. */
static int ping(void *map, __u32 *key, struct elem *e)
{
	e->fired++;
	e->tag_seen = 1;
	if (e->fired < 4) {
		bpf_timer_set_callback(&e->t, pong);
		bpf_timer_start(&e->t, 1000000, 0);
	}
	return 0;
}

static int pong(void *map, __u32 *key, struct elem *e)
{
	e->fired++;
	e->tag_seen = 2;
	if (e->fired < 4) {
		bpf_timer_set_callback(&e->t, ping);
		bpf_timer_start(&e->t, 1000000, 0);
	}
	return 0;
}

/* Element 12 of inner_a: a timer whose callbacks, ping and pong, set each other (the verifier walks them once each). */
SEC("tc")
int ping_pong(struct __sk_buff *skb)
{
	struct elem init = {}, *e;
	__u32 zero = 0, key = 12;
	__s64 *o = slots();
	void *inner;

	if (!o)
		return 1;
	inner = bpf_map_lookup_elem(&outer_arr, &zero);
	if (!inner)
		return 2;
	o[0] = bpf_map_update_elem(inner, &key, &init, BPF_NOEXIST);
	e = bpf_map_lookup_elem(inner, &key);
	if (!e)
		return 3;
	o[1] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[2] = bpf_timer_set_callback(&e->t, ping);
	o[3] = bpf_timer_start(&e->t, 1000000, 0);
	return 0;
}

/* Arms the timer of element 1 of the inner array 500 ns ahead, the element tagged 3. */
SEC("tc")
int arm_array(struct __sk_buff *skb)
{
	__u32 zero = 0, one = 1;
	__s64 *o = slots();
	struct elem *e;
	void *inner;

	if (!o)
		return 1;
	inner = bpf_map_lookup_elem(&outer_hash, &zero);
	if (!inner)
		return 2;
	e = bpf_map_lookup_elem(inner, &one);
	if (!e)
		return 3;
	e->tag = 3;
	o[0] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[1] = bpf_timer_set_callback(&e->t, seen);
	o[2] = bpf_timer_start(&e->t, 500, 0);
	return 0;
}

/*
 * Timers armed far ahead and freed before they fire: element 20 of inner_a deleted, element 0 of
 * the inner array overwritten. A second init of each answers 0 (the timer is gone), start -EINVAL.
 */
SEC("tc")
int free_inner(struct __sk_buff *skb)
{
	struct elem init = {}, *e;
	__u32 zero = 0, key = 20;
	__s64 *o = slots();
	void *inner;

	if (!o)
		return 1;
	inner = bpf_map_lookup_elem(&outer_arr, &zero);
	if (!inner)
		return 2;
	bpf_map_update_elem(inner, &key, &init, BPF_ANY);
	e = bpf_map_lookup_elem(inner, &key);
	if (!e)
		return 3;
	o[0] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[1] = bpf_timer_set_callback(&e->t, never);
	o[2] = bpf_timer_start(&e->t, 1000000, 0);
	o[3] = bpf_map_delete_elem(inner, &key);
	bpf_map_update_elem(inner, &key, &init, BPF_ANY);
	e = bpf_map_lookup_elem(inner, &key);
	if (!e)
		return 4;
	o[4] = bpf_timer_start(&e->t, 1000, 0);
	o[5] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	bpf_map_delete_elem(inner, &key);

	inner = bpf_map_lookup_elem(&outer_hash, &zero);
	if (!inner)
		return 5;
	e = bpf_map_lookup_elem(inner, &zero);
	if (!e)
		return 6;
	o[6] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[7] = bpf_timer_set_callback(&e->t, never);
	o[8] = bpf_timer_start(&e->t, 1000000, 0);
	o[9] = bpf_map_update_elem(inner, &zero, &init, BPF_ANY);
	o[10] = bpf_timer_start(&e->t, 1000, 0);
	o[11] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[12] = bpf_map_update_elem(inner, &zero, &init, BPF_ANY);
	return 0;
}

/* Element 10 + slot of inner hash map `slot` of outer_arr, or NULL; the inner map in *inner. */
static __always_inline struct elem *in_slot(__u32 slot, void **inner)
{
	__u32 key = 10 + slot;

	*inner = bpf_map_lookup_elem(&outer_arr, &slot);
	if (!*inner)
		return 0;
	return bpf_map_lookup_elem(*inner, &key);
}

/*
 * Initialises the timer of element 10 + slot again, sets its callback and starts it `delay` ns
 * ahead: o[0..2] the answers (-1000: no such inner map or element).
 */
static __always_inline void rearm_slot(__s64 *o, __u32 slot, __u64 delay)
{
	void *inner;
	struct elem *e = in_slot(slot, &inner);

	o[0] = -1000;
	o[1] = -1000;
	o[2] = -1000;
	if (!e)
		return;
	o[0] = bpf_timer_init(&e->t, inner, CLOCK_MONOTONIC);
	o[1] = bpf_timer_set_callback(&e->t, seen);
	o[2] = bpf_timer_start(&e->t, delay, 0);
}

/*
 * Re-arms the timers of both inner hash maps, inner_a's 10 s ahead, inner_b's 100 ms: init answers
 * -EBUSY while the timer exists, -EPERM once nothing holds the map (and then the rest -EINVAL).
 */
SEC("tc")
int rearm(struct __sk_buff *skb)
{
	__s64 *o = slots();

	if (!o)
		return 1;
	rearm_slot(o, 0, 10000000000ULL);
	rearm_slot(o + 3, 1, 100000000);
	return 0;
}

/* The fire counts of elements 10 and 11 of the two inner hash maps and of element 1 of the inner array (-1: none). */
SEC("tc")
int report(struct __sk_buff *skb)
{
	__u32 zero = 0, one = 1;
	__s64 *o = slots();
	struct elem *e;
	void *inner;

	if (!o)
		return 1;
	e = in_slot(0, &inner);
	o[0] = e ? (__s64)e->fired : -1;
	e = in_slot(1, &inner);
	o[1] = e ? (__s64)e->fired : -1;
	o[2] = -1;
	inner = bpf_map_lookup_elem(&outer_hash, &zero);
	if (inner && (e = bpf_map_lookup_elem(inner, &one)))
		o[2] = e->fired;
	return 0;
}

char _license[] SEC("license") = "GPL";
