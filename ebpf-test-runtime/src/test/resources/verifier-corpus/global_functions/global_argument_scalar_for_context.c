// A context argument must be passed the context: NULL is refused at the call.
// kernel: refused: expects pointer to ctx
#include "corpus.h"

__attribute__((noinline)) int length(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data;
}

SEC("xdp") NAKED
int global_argument_scalar_for_context(void)
{
	asm volatile("r1 = 0; call length; r0 = 2; exit;");
}
