// A socket filter only decides how many bytes to keep; it may not redirect.
// kernel: refused: program of this type cannot use helper bpf_redirect#23
#include "corpus.h"

SEC("socket")
int socket_filter_calls_redirect(struct __sk_buff *skb)
{
	return bpf_redirect(skb->ifindex, 0);
}
