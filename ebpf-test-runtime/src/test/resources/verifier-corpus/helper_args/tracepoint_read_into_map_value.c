// The neighbour of tracepoint_read_past_map_value: the copy is exactly the value's 16 bytes.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[16]);
} copies SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_read_into_map_value(void *ctx)
{
	__u32 key = 0;
	char *copy = bpf_map_lookup_elem(&copies, &key);

	if (copy)
		bpf_probe_read_kernel(copy, 16, ctx);
	return 0;
}
