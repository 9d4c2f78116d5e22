// A global function is walked as a program of its own: exiting it with a spin lock held is
// refused as an exit of the main program would be.
// kernel: refused: cannot be used inside bpf_spin_lock-ed region
#include "corpus.h"

struct locked {
	struct bpf_spin_lock lock;
	int count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct locked);
} values SEC(".maps");

__attribute__((noinline)) int take(int key)
{
	struct locked *v = bpf_map_lookup_elem(&values, &key);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	return 1;
}

SEC("tc")
int global_function_exits_holding_lock(struct __sk_buff *skb)
{
	return take(0) ? TC_ACT_SHOT : TC_ACT_OK;
}
