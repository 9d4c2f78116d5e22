// A ring buffer dynptr holds a reference from bpf_ringbuf_reserve_dynptr on, even where the
// reservation fails; a path to the exit that neither submits nor discards it leaks it.
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
int reserve_without_release(void *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	return 0;
}
