// Initialises a struct bpf_timer that lives on the stack: a timer argument must point into a map
// value (ARG_PTR_TO_TIMER), whose map the kernel then checks for the timer field.
// kernel: refused: R1 type=fp expected=map_value
#include "corpus.h"

struct elem {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct elem);
} timers SEC(".maps");

SEC("tc")
int timer_on_the_stack(struct __sk_buff *skb)
{
	struct bpf_timer timer = {};

	bpf_timer_init(&timer, &timers, 1 /* CLOCK_MONOTONIC */);
	return TC_ACT_OK;
}
