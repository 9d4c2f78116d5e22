// A dynptr lives in whole stack slots: an offset 4 bytes into one is refused.
// kernel: refused: cannot pass in dynptr at an offset=
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
int at_odd_offset(void *ctx)
{
	struct bpf_dynptr rec[2];

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, (void *)rec + 4);
	bpf_ringbuf_discard_dynptr((void *)rec + 4, 0);
	return 0;
}
