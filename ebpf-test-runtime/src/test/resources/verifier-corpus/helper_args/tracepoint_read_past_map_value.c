// A tracepoint copies 24 bytes of kernel memory into a 16-byte map value. The probe reads, the map
// helpers and bpf_trace_printk have one prototype in every program type, so their memory arguments
// are checked against the value's size here as in a packet program.
// kernel: refused: invalid access to map value
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[16]);
} copies SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_read_past_map_value(void *ctx)
{
	__u32 key = 0;
	char *copy = bpf_map_lookup_elem(&copies, &key);

	if (copy)
		bpf_probe_read_kernel(copy, 24, ctx);
	return 0;
}
