// A static function submits the caller's dynptr: the reference is released wherever the call is.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

static __attribute__((noinline)) void finish(struct bpf_dynptr *rec)
{
	bpf_ringbuf_submit_dynptr(rec, 0);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int submitted_in_subprogram(void *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	finish(&rec);
	return 0;
}
