// bpf_probe_read_kernel and _str at addresses the kernel refuses before reading (x86-64): the user
// half, the top of it, non-canonical addresses and NULL give -ERANGE and a zeroed buffer.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 16); __type(key, __u32); __type(value, __s64); } out SEC(".maps");
static __always_inline void rec(__u32 k, __s64 v) { bpf_map_update_elem(&out, &k, &v, BPF_ANY); }
SEC("xdp") int probe_ranges(struct xdp_md *ctx) {
	char buf[8] = {1,1,1,1,1,1,1,1};
	rec(0, bpf_probe_read_kernel(buf, 8, (void *)0x1000ULL));
	rec(1, buf[0]);
	rec(2, bpf_probe_read_kernel(buf, 8, (void *)0x7ffffffff000ULL));
	rec(3, bpf_probe_read_kernel(buf, 8, (void *)0x7fffffffffffULL));
	rec(4, bpf_probe_read_kernel(buf, 8, (void *)0x800000000000ULL));
	rec(5, bpf_probe_read_kernel(buf, 8, (void *)0xfffe000000000000ULL));
	rec(6, bpf_probe_read_kernel_str(buf, 8, (void *)0x1000ULL));
	rec(7, bpf_probe_read_kernel(buf, 8, (void *)0x0ULL));
	buf[0] = 1;
	rec(8, bpf_probe_read_kernel_str(buf, 8, (void *)0x800000000000ULL));
	rec(9, buf[0]);
	return XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
