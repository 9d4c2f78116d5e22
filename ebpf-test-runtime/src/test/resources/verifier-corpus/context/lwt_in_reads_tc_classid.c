// Lightweight-tunnel programs may not read tc_classid (offset 72): lwt_is_valid_access refuses it,
// with the socket fields, data_meta, tstamp, wire_len and hwtstamp.
// kernel: refused: invalid bpf_context access
#include "corpus.h"

SEC("lwt_in")
NAKED int lwt_in_reads_tc_classid(void)
{
	asm volatile(
		"r0 = *(u32 *)(r1 + 72);"
		"exit;"
		::: "memory");
}
