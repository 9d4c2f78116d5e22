// Formats with bpf_snprintf from a format string built on the stack: the format must be a
// constant string in a read-only map (ARG_PTR_TO_CONST_STR), which only a map value can be.
// kernel: refused: R3 type=fp expected=map_value
#include "corpus.h"

SEC("tc")
int snprintf_format_on_stack(struct __sk_buff *skb)
{
	char fmt[8] = "len %u";
	char out[16];
	__u64 args[1] = { skb->len };

	bpf_snprintf(out, sizeof(out), fmt, args, sizeof(args));
	return out[0] == 'l' ? TC_ACT_OK : TC_ACT_SHOT;
}
