// bpf_timer helpers: what init, set_callback, start and cancel answer, and what the callbacks do once
// the timers fire. Each program records the helpers' return values in out[]; the callbacks count
// their runs and record what they saw in the element that holds their timer.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_BOOTTIME 7
#define BPF_F_TIMER_ABS 1
#define BPF_F_TIMER_CPU_PIN 2

struct elem {
	__u64 fired;
	__s64 key_seen;
	__s64 cancel_own;
	__s64 rearm;
	struct bpf_timer t;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct elem);
} htimers SEC(".maps");

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

static struct elem *at(__u32 i)
{
	return bpf_map_lookup_elem(&timers, &i);
}

/* Counts its runs, records its key and what cancelling its own timer answers; re-arms itself twice. */
static int count(void *map, __u32 *key, struct elem *e)
{
	e->fired++;
	e->key_seen = *key;
	e->cancel_own = bpf_timer_cancel(&e->t);
	if (e->fired < 3)
		e->rearm = bpf_timer_start(&e->t, 1, 0);
	return 0;
}

/* Never meant to run: its timer is cancelled or freed before it fires. */
static int never(void *map, __u32 *key, struct elem *e)
{
	e->fired += 100;
	return 0;
}

/* The answers of each helper on an uninitialised timer, bad clocks and flags, a second init, cancel of armed and idle timers. */
SEC("tc")
int timer_errors(struct __sk_buff *skb)
{
	__s64 *o = slots();
	struct elem *e = at(0), *e1 = at(1);

	if (!o || !e || !e1)
		return 1;
	o[0] = bpf_timer_start(&e->t, 0, 0);
	o[1] = bpf_timer_cancel(&e->t);
	o[2] = bpf_timer_set_callback(&e->t, never);
	o[3] = bpf_timer_init(&e->t, &timers, CLOCK_THREAD_CPUTIME_ID);
	o[4] = bpf_timer_init(&e->t, &timers, 16 | CLOCK_MONOTONIC);
	o[5] = bpf_timer_init(&e->t, &timers, CLOCK_MONOTONIC);
	o[6] = bpf_timer_init(&e->t, &timers, CLOCK_BOOTTIME);
	o[7] = bpf_timer_start(&e->t, 1000, 0);
	o[8] = bpf_timer_set_callback(&e->t, never);
	o[9] = bpf_timer_start(&e->t, 1000, 4);
	o[10] = bpf_timer_cancel(&e->t);
	o[11] = bpf_timer_start(&e->t, 1000, 0);
	o[12] = bpf_timer_set_callback(&e->t, never);
	o[13] = bpf_timer_start(&e->t, 1000000000000ULL, BPF_F_TIMER_CPU_PIN);
	o[14] = bpf_timer_cancel(&e->t);
	o[15] = bpf_timer_init(&e1->t, &timers, CLOCK_REALTIME);
	return 0;
}

/* Arms element 2's timer 1 ns ahead (its callback re-arms it twice) and element 3's for an absolute time 1 ns ahead on CLOCK_BOOTTIME. */
SEC("tc")
int arm(struct __sk_buff *skb)
{
	__s64 *o = slots();
	struct elem *e = at(2), *e3 = at(3);

	if (!o || !e || !e3)
		return 1;
	o[0] = bpf_timer_init(&e->t, &timers, CLOCK_MONOTONIC);
	o[1] = bpf_timer_set_callback(&e->t, count);
	o[2] = bpf_timer_start(&e->t, 1, 0);
	o[3] = bpf_timer_init(&e3->t, &timers, CLOCK_BOOTTIME);
	o[4] = bpf_timer_set_callback(&e3->t, count);
	o[5] = bpf_timer_start(&e3->t, bpf_ktime_get_boot_ns() + 1, BPF_F_TIMER_ABS);
	return 0;
}

/* A timer in a hash element (key 7), pinned to the CPU; then element 1's timer armed far ahead and freed by an update of its value. */
SEC("tc")
int arm_hash(struct __sk_buff *skb)
{
	struct elem zero = {}, *e, *e1 = at(1);
	__s64 *o = slots();
	__u32 key = 7, one = 1;

	if (!o || !e1)
		return 1;
	o[0] = bpf_map_update_elem(&htimers, &key, &zero, BPF_ANY);
	e = bpf_map_lookup_elem(&htimers, &key);
	if (!e)
		return 2;
	o[1] = bpf_timer_init(&e->t, &htimers, CLOCK_MONOTONIC);
	o[2] = bpf_timer_set_callback(&e->t, count);
	o[3] = bpf_timer_start(&e->t, 1, BPF_F_TIMER_CPU_PIN);
	o[4] = bpf_timer_set_callback(&e1->t, never);
	o[5] = bpf_timer_start(&e1->t, 1000000, 0);
	o[6] = bpf_map_update_elem(&timers, &one, &zero, BPF_ANY);
	o[7] = bpf_timer_start(&e1->t, 1000, 0);
	o[8] = bpf_timer_cancel(&e1->t);
	o[9] = bpf_timer_init(&e1->t, &timers, CLOCK_MONOTONIC);
	return 0;
}

/* A hash element whose armed timer is freed when the element is deleted; a new element of the same key starts uninitialised. */
SEC("tc")
int delete_armed(struct __sk_buff *skb)
{
	struct elem zero = {}, *e;
	__s64 *o = slots();
	__u32 key = 9;

	if (!o)
		return 1;
	bpf_map_update_elem(&htimers, &key, &zero, BPF_ANY);
	e = bpf_map_lookup_elem(&htimers, &key);
	if (!e)
		return 2;
	o[0] = bpf_timer_init(&e->t, &htimers, CLOCK_MONOTONIC);
	o[1] = bpf_timer_set_callback(&e->t, never);
	o[2] = bpf_timer_start(&e->t, 1000000, 0);
	o[3] = bpf_map_delete_elem(&htimers, &key);
	bpf_map_update_elem(&htimers, &key, &zero, BPF_ANY);
	e = bpf_map_lookup_elem(&htimers, &key);
	if (!e)
		return 3;
	o[4] = bpf_timer_start(&e->t, 1000, 0);
	o[5] = bpf_timer_cancel(&e->t);
	return 0;
}

struct order {
	__u64 n;
	__u64 keys[8];
	__u64 at[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct order);
} fired SEC(".maps");

/* Appends its key, and the monotonic time it runs at, to the log of firings. */
static int log_firing(void *map, __u32 *key, struct elem *e)
{
	__u32 zero = 0;
	struct order *o = bpf_map_lookup_elem(&fired, &zero);

	if (!o)
		return 0;
	__u64 n = o->n;
	if (n < 8) {
		o->keys[n] = *key;
		o->at[n] = bpf_ktime_get_ns();
	}
	o->n = n + 1;
	return 0;
}

/* Arms the four timers of the array 300, 100, 200 and 100 ns ahead: 1 and 3 expire together, 1 started first. */
SEC("tc")
int arm_order(struct __sk_buff *skb)
{
	__u64 delays[4] = {300, 100, 200, 100};
	long ret = 0;

	for (__u32 i = 0; i < 4; i++) {
		struct elem *e = at(i);

		if (!e)
			return 1;
		bpf_timer_init(&e->t, &timers, CLOCK_MONOTONIC);
		ret |= bpf_timer_set_callback(&e->t, log_firing);
		ret |= bpf_timer_start(&e->t, delays[i], 0);
	}
	return ret;
}

char _license[] SEC("license") = "GPL";
