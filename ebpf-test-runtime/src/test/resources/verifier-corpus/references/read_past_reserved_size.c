// Reads the word after an 8-byte reservation.
// kernel: refused: invalid access to memory
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int read_past_reserved_size(struct xdp_md *ctx)
{
	volatile __u64 *e = bpf_ringbuf_reserve(&events, 8, 0);
	int verdict;

	if (!e)
		return XDP_PASS;
	verdict = e[1] ? XDP_DROP : XDP_PASS;
	bpf_ringbuf_discard((void *)e, 0);
	return verdict;
}
