// A dynptr is opaque: reading its bytes with a load is refused.
// kernel: refused: invalid read from stack off
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
int read_directly(void *ctx)
{
	struct bpf_dynptr rec;
	int v;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	v = *(volatile int *)&rec;
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return v;
}
