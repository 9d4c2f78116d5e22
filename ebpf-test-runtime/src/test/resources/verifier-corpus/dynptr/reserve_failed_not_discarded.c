// A failed bpf_ringbuf_reserve_dynptr still leaves a reference that must be discarded: returning
// early on the error leaks it.
// kernel: refused: Unreleased reference id=
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
int reserve_failed_not_discarded(void *ctx)
{
	struct bpf_dynptr rec;

	if (bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec))
		return 0;
	bpf_ringbuf_submit_dynptr(&rec, 0);
	return 0;
}
