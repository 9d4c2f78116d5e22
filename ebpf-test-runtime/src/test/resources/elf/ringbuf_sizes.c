// Ring buffers declared with sizes the kernel does not take: libbpf rounds them up to a power-of-2
// multiple of the page size before creating them (bpftool map show: rb8 4096, rb12k 16384).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 8); } rb8 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 12288); } rb12k SEC(".maps");

SEC("xdp") int p(struct xdp_md *c) { int v = 0; bpf_ringbuf_output(&rb8, &v, 4, 0); bpf_ringbuf_output(&rb12k, &v, 4, 0); return 2; }
char LICENSE[] SEC("license") = "GPL";
