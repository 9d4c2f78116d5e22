// A bpf_spin_lock that is a global variable in a data section of its own, guarding a counter in the
// same section: the verifier finds the lock among the section's variables, as Linux's does.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __hidden __attribute__((visibility("hidden")))

struct bpf_spin_lock guard __hidden SEC(".data.guarded");
int counter __hidden SEC(".data.guarded");

SEC("tc")
int count_under_lock(struct __sk_buff *skb)
{
	int seen;

	bpf_spin_lock(&guard);
	seen = ++counter;
	bpf_spin_unlock(&guard);
	return seen;
}

char LICENSE[] SEC("license") = "GPL";
