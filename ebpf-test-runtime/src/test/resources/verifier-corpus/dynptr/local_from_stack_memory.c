// bpf_dynptr_from_mem takes a map value only, not stack memory.
// kernel: refused: Unsupported reg type fp for bpf_dynptr_from_mem data
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
int local_from_stack_memory(void *ctx)
{
	char buf[8] = {};
	struct bpf_dynptr d;

	bpf_dynptr_from_mem(buf, sizeof(buf), 0, &d);
	return 0;
}
