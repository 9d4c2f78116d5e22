// A work queue in the value of an inner map, started from a syscall program (sleepable, as Linux
// 6.18 requires of work queue callbacks) that reaches the inner map only through an array of maps.
// The callback records its key and, through the map it is given, the tag of the element at that key.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_wq { __u64 __opaque[2]; } __attribute__((aligned(8)));

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_set_callback_impl(struct bpf_wq *wq, int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags, void *aux__ign) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;

struct work {
	__u64 runs;
	__s64 key_seen;
	__s64 tag_seen;
	__u64 tag;
	struct bpf_wq wq;
};

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct work);
} inner_works SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer SEC(".maps") = {
	.values = { &inner_works },
};

static int record(void *map, int *key, void *value)
{
	struct work *w = value, *same = bpf_map_lookup_elem(map, key);

	w->runs++;
	w->key_seen = *key;
	w->tag_seen = same ? (__s64)same->tag : -1;
	return 0;
}

/* Starts the work of element 1 of the inner array, tagged 7: returns the first failing step, else 0. */
SEC("syscall")
int start_inner_work(void *ctx)
{
	__u32 zero = 0, one = 1;
	struct work *w;
	void *inner;
	int err;

	inner = bpf_map_lookup_elem(&outer, &zero);
	if (!inner)
		return 1;
	w = bpf_map_lookup_elem(inner, &one);
	if (!w)
		return 2;
	w->tag = 7;
	err = bpf_wq_init(&w->wq, inner, 0);
	if (err && err != -16)	// -EBUSY on the second run: initialised already
		return 3;
	if (bpf_wq_set_callback_impl(&w->wq, record, 0, NULL))
		return 4;
	return bpf_wq_start(&w->wq, 0);
}

char _license[] SEC("license") = "GPL";
