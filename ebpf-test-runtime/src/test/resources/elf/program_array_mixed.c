// One program array used by an XDP and a tc program: the kernel refuses to load the second
// (bpf_prog_map_compatible, EINVAL), so bpftool prog loadall fails; the emulator refuses the object.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 4); __uint(key_size, 4); __uint(value_size, 4); } jumps SEC(".maps");
SEC("xdp") int from_xdp(struct xdp_md *ctx) { bpf_tail_call(ctx, &jumps, 0); return XDP_DROP; }
SEC("tc") int from_tc(struct __sk_buff *skb) { bpf_tail_call(skb, &jumps, 0); return 0; }
char LICENSE[] SEC("license") = "GPL";
