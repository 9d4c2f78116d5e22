// Section names only some loaders type: libbpf 1.x types "classifier" and leaves "socket1",
// "xdp_sample", "tc/test/x" and "mysection" untyped; cilium/ebpf types the first three by prefix.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("socket1")
int sock_prefixed(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("xdp_sample")
int xdp_prefixed(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("classifier")
int cls_exact(struct __sk_buff *skb)
{
	return skb->len > 64 ? 2 : 0;
}

SEC("mysection")
int untyped(struct __sk_buff *skb)
{
	return 3;
}
