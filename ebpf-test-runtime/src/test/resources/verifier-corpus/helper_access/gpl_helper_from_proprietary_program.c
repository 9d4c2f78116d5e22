// bpf_trace_printk is GPL-only; this object's license is "Proprietary".
// kernel: refused: cannot call GPL-restricted function from non-GPL compatible program
#define CORPUS_LICENSE "Proprietary"
#include "corpus.h"

SEC("xdp")
int gpl_helper_from_proprietary_program(struct xdp_md *ctx)
{
	static const char fmt[] = "queue %u\n";

	bpf_trace_printk(fmt, sizeof(fmt), ctx->rx_queue_index);
	return XDP_PASS;
}
