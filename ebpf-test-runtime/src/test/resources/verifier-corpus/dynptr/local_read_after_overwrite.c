// An overwritten local dynptr is no dynptr any more.
// kernel: refused: Expected an initialized dynptr as arg #2
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
int local_read_after_overwrite(void *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&values, &key);
	struct bpf_dynptr d;
	char buf[8];

	if (!v)
		return 0;
	bpf_dynptr_from_mem(v, sizeof(*v), 0, &d);
	*(volatile __u64 *)&d = 0;
	bpf_dynptr_read(buf, sizeof(buf), &d, 0, 0);
	return buf[0];
}
