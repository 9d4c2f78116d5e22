// A non-static function of hidden visibility (__hidden) is made static in BTF by the loader, as
// libbpf does, so Linux walks it with its caller's state: the packet byte the caller checked may
// be read without the NULL check a global function's pointer argument would need.
// kernel: accepted
#include "corpus.h"

__attribute__((noinline, visibility("hidden"))) int first_byte(__u8 *p)
{
	return *p;
}

SEC("xdp")
int hidden_function_is_static(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	__u8 *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return XDP_PASS;
	return first_byte(data) ? XDP_DROP : XDP_PASS;
}
