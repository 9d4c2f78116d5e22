// A map value passed for a pointer argument whose type fits in it, and a scalar: the function
// checks the pointer and updates the value. Accepted.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, long);
} counters SEC(".maps");

__attribute__((noinline)) int add(long *counter, int amount)
{
	if (!counter)
		return 0;
	*counter += amount;
	return 1;
}

SEC("tc")
int global_function_with_map_value(struct __sk_buff *skb)
{
	int key = skb->len & 3;
	long *c = bpf_map_lookup_elem(&counters, &key);

	return add(c, skb->len) ? TC_ACT_OK : TC_ACT_SHOT;
}
