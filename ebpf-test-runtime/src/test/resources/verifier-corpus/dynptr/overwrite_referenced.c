// A ring buffer dynptr may not be overwritten: its reference would be lost.
// kernel: refused: cannot overwrite referenced dynptr
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
int overwrite_referenced(void *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	*(volatile char *)((char *)&rec + 8) = 0;
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return 0;
}
