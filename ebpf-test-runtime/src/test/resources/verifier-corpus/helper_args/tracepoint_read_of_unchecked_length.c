// A tracepoint copies as many bytes as a map value says into a stack buffer, without checking the
// length: any 32-bit value may be read, more than the kernel lets a size argument reach.
// kernel: refused: unbounded memory access
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lengths SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_read_of_unchecked_length(void *ctx)
{
	char buf[32];
	__u32 key = 0;
	__u32 *len = bpf_map_lookup_elem(&lengths, &key);

	if (!len)
		return 0;
	bpf_probe_read_kernel(buf, *len, ctx);
	return buf[0];
}
