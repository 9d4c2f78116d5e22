// Compares with bpf_strncmp against a read-only constant that has no NUL byte before the end of
// its map value: a constant string argument must be zero-terminated.
// kernel: refused: string is not zero-terminated
#include "corpus.h"

const char magic[4] = { 'E', 'B', 'P', 'F' };

SEC("xdp")
int strncmp_with_unterminated_constant(struct xdp_md *ctx)
{
	char text[4] = { 'E', 'B', 'P', 'F' };

	return bpf_strncmp(text, sizeof(text), magic) ? XDP_DROP : XDP_PASS;
}
