// Formats with bpf_snprintf from a constant format string in .rodata, which libbpf freezes.
// kernel: accepted
#include "corpus.h"

const char fmt[8] = "len %u";

SEC("tc")
int snprintf_format_in_rodata(struct __sk_buff *skb)
{
	char out[16];
	__u64 args[1] = { skb->len };

	bpf_snprintf(out, sizeof(out), fmt, args, sizeof(args));
	return out[0] == 'l' ? TC_ACT_OK : TC_ACT_SHOT;
}
