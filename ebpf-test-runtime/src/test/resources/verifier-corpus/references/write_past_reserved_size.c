// Writes 8 bytes at offset 8 of an 8-byte reservation.
// kernel: refused: invalid access to memory
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("xdp")
int write_past_reserved_size(struct xdp_md *ctx)
{
	__u64 *e = bpf_ringbuf_reserve(&events, 8, 0);

	if (!e)
		return XDP_PASS;
	*(volatile __u64 *)(e + 1) = 1;
	bpf_ringbuf_submit(e, 0);
	return XDP_PASS;
}
