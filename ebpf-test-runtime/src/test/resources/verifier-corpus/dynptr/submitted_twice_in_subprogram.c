// The static function's submit released the reference; submitting again in the caller finds none.
// kernel: refused: arg 1 is an unacquired reference
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
int submitted_twice_in_subprogram(void *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	finish(&rec);
	bpf_ringbuf_submit_dynptr(&rec, 0);
	return 0;
}
