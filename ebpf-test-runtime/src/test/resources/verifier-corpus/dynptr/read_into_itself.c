// bpf_dynptr_read may not write into a dynptr's own slots.
// kernel: refused: potential write to dynptr at off=
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
int read_into_itself(void *ctx)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	bpf_dynptr_read(&rec, 8, &rec, 0, 0);
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return 0;
}
