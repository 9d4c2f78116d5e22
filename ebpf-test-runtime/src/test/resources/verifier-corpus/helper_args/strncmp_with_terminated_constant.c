// Compares with bpf_strncmp against a zero-terminated constant in .rodata.
// kernel: accepted
#include "corpus.h"

const char magic[5] = "EBPF";

SEC("xdp")
int strncmp_with_terminated_constant(struct xdp_md *ctx)
{
	char text[4] = { 'E', 'B', 'P', 'F' };

	return bpf_strncmp(text, sizeof(text), magic) ? XDP_DROP : XDP_PASS;
}
