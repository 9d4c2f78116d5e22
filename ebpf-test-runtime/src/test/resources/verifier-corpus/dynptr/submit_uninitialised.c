// Submitting stack that holds no dynptr: there is no reference to release.
// kernel: refused: arg 1 is an unacquired reference
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
int submit_uninitialised(void *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_submit_dynptr(&rec, 0);
	return 0;
}
