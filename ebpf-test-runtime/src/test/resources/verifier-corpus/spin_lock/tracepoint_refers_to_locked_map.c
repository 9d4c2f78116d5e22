// Nor may a tracing program.
// kernel: refused: tracing progs cannot use bpf_spin_lock yet
#include "corpus.h"

struct value {
	struct bpf_spin_lock lock;
	__u32 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct value);
} locked SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int tracepoint_refers_to_locked_map(void *ctx)
{
	__u32 key = 0;
	struct value *v = bpf_map_lookup_elem(&locked, &key);

	return v ? v->count : 0;
}
