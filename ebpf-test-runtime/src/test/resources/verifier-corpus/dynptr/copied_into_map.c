// Nor may a helper read it as memory: storing a dynptr into a map is refused.
// kernel: refused: invalid read from stack R3
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
int copied_into_map(void *ctx)
{
	struct bpf_dynptr rec;
	__u32 key = 0;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	bpf_map_update_elem(&values, &key, &rec, 0);
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return 0;
}
