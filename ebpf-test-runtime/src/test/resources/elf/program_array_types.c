// A program array used by an XDP program: the kernel lets programs of that type into it and refuses
// others with EINVAL (bpftool map update of the tc program into it: "Invalid argument").
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 4); __uint(key_size, 4); __uint(value_size, 4); } jumps SEC(".maps");
SEC("xdp") int entry(struct xdp_md *ctx) { bpf_tail_call(ctx, &jumps, 0); return XDP_DROP; }
SEC("xdp") int stage(struct xdp_md *ctx) { return XDP_PASS; }
SEC("tc") int classifier(struct __sk_buff *skb) { return 0; }
char LICENSE[] SEC("license") = "GPL";
