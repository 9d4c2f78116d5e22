// The neighbour of tracepoint_read_of_unchecked_length: the length is masked to at most 31 bytes,
// which the 32-byte buffer holds (0 is allowed: the size argument may be zero).
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lengths SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_read_of_masked_length(void *ctx)
{
	char buf[32];
	__u32 key = 0;
	__u32 *len = bpf_map_lookup_elem(&lengths, &key);

	if (!len)
		return 0;
	bpf_probe_read_kernel(buf, *len & 31, ctx);
	return buf[0];
}
