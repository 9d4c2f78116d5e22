// A dynptr made 8 bytes into a stack buffer, in whole slots, is fine.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int at_slot_offset(void *ctx)
{
	struct bpf_dynptr rec[2];

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, (void *)rec + 8);
	bpf_ringbuf_discard_dynptr((void *)rec + 8, 0);
	return 0;
}
