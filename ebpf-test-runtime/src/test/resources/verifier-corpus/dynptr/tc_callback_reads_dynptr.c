// A bpf_loop callback handed the address of the caller's dynptr reads through it with
// bpf_dynptr_read: the dynptr lives in the caller's frame, where the callback finds it.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

static int peek(__u32 index, void *ctx)
{
	char buf[4];

	bpf_dynptr_read(buf, sizeof(buf), ctx, 0, 0);
	return buf[0] & 1;
}

SEC("tc")
int tc_callback_reads_dynptr(struct __sk_buff *skb)
{
	struct bpf_dynptr rec;

	bpf_ringbuf_reserve_dynptr(&events, 8, 0, &rec);
	bpf_loop(4, peek, &rec, 0);
	bpf_ringbuf_discard_dynptr(&rec, 0);
	return TC_ACT_OK;
}
