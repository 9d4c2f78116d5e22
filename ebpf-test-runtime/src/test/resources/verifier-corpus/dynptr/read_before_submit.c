// Reads a reserved record through its dynptr, then submits it.
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
int read_before_submit(void *ctx)
{
	struct bpf_dynptr rec;
	char buf[8];

	bpf_ringbuf_reserve_dynptr(&events, sizeof(buf), 0, &rec);
	bpf_dynptr_read(buf, sizeof(buf), &rec, 0, 0);
	bpf_ringbuf_submit_dynptr(&rec, 0);
	return buf[0];
}
