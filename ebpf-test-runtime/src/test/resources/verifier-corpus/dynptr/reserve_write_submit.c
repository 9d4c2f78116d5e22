// Reserves a record through a dynptr, writes it with bpf_dynptr_write and submits it; a failed
// reservation is discarded, as it must be.
// kernel: accepted
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
int reserve_write_submit(void *ctx)
{
	struct bpf_dynptr rec;
	__u64 pid = bpf_get_current_pid_tgid();

	if (bpf_ringbuf_reserve_dynptr(&events, sizeof(pid), 0, &rec)) {
		bpf_ringbuf_discard_dynptr(&rec, 0);
		return 0;
	}
	bpf_dynptr_write(&rec, 0, &pid, sizeof(pid), 0);
	bpf_ringbuf_submit_dynptr(&rec, 0);
	return 0;
}
