// bpf_dynptr_data returns NULL when the range is not in the dynptr: its result must be checked.
// kernel: refused: invalid mem access 'mem_or_null'
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
int slice_without_null_check(void *ctx)
{
	struct bpf_dynptr rec;
	char *p;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	p = bpf_dynptr_data(&rec, 0, 8);
	*p = 1;
	bpf_ringbuf_submit_dynptr(&rec, 0);
	return 0;
}
