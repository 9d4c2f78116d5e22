// Work queues in a syscall program, which libbpf loads sleepable (SEC("syscall")): Linux lets it set
// a callback and start the work; the callback runs later, outside the test run, so the run sees none.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_wq { __u64 __opaque[2]; } __attribute__((aligned(8)));

extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_set_callback_impl(struct bpf_wq *wq, int (callback_fn)(void *map, int *key, void *value),
				    unsigned int flags, void *aux__ign) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;

struct work {
	int runs;
	struct bpf_wq wq;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct work);
} works SEC(".maps");

static int count_run(void *map, int *key, void *value)
{
	((struct work *)value)->runs++;
	return 0;
}

SEC("syscall")
int start_work(void *ctx)
{
	struct work *w;
	__u32 zero = 0;

	w = bpf_map_lookup_elem(&works, &zero);
	if (!w)
		return 1;
	if (bpf_wq_init(&w->wq, &works, 0))
		return 2;
	if (bpf_wq_start(&w->wq, 0) != -22)	// no callback yet: -EINVAL
		return 3;
	if (bpf_wq_set_callback_impl(&w->wq, count_run, 0, NULL))
		return 4;
	if (bpf_wq_start(&w->wq, 1) != -22)	// flags: -EINVAL
		return 5;
	if (bpf_wq_init(&w->wq, &works, 0) != -16)	// initialised already: -EBUSY
		return 6;
	return bpf_wq_start(&w->wq, 0) | w->runs << 8;
}

char _license[] SEC("license") = "GPL";
