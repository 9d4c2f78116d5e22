// Locks a bpf_spin_lock on the stack: locks must live in map values.
// kernel: refused: expected=map_value
#include "corpus.h"

SEC("tc")
int lock_on_stack(struct __sk_buff *skb)
{
	struct bpf_spin_lock lock = {};

	bpf_spin_lock(&lock);
	bpf_spin_unlock(&lock);
	return TC_ACT_OK;
}
