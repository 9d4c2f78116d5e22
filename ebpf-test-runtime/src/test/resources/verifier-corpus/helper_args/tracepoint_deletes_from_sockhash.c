// Nor may a tracepoint delete from a sockhash.
// kernel: refused: cannot update sockmap in this context
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_deletes_from_sockhash(void *ctx)
{
	__u32 key = 0;

	bpf_map_delete_elem(&socks, &key);
	return 0;
}
