// Formats with bpf_snprintf from a format string in a writable global (.data): the format's map
// must be read-only and frozen, as .rodata is.
// kernel: refused: does not point to a readonly map
#include "corpus.h"

char fmt[8] = "len %u";

SEC("tc")
int snprintf_format_in_writable_global(struct __sk_buff *skb)
{
	char out[16];
	__u64 args[1] = { skb->len };

	bpf_snprintf(out, sizeof(out), fmt, args, sizeof(args));
	return out[0] == 'l' ? TC_ACT_OK : TC_ACT_SHOT;
}
