// The same callback loading the caller's dynptr as memory: its bytes are not data, in any frame.
// kernel: refused: invalid read from stack off
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

static int peek(__u32 index, void *ctx)
{
	return *(volatile __u32 *)ctx & 1;
}

SEC("tc")
int tc_callback_loads_dynptr_bytes(struct __sk_buff *skb)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	bpf_loop(4, peek, &rec, 0);
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return TC_ACT_OK;
}
