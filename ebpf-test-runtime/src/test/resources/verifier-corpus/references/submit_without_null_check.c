// Submits the reservation without checking it: the reservation may have failed.
// kernel: refused: type=ringbuf_mem_or_null expected=ringbuf_mem
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int submit_without_null_check(struct xdp_md *ctx)
{
	void *e = bpf_ringbuf_reserve(&events, 8, 0);

	bpf_ringbuf_submit(e, 0);
	return XDP_PASS;
}
