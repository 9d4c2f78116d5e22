// A struct_ops program no struct_ops variable places: libbpf loads it without an attach_btf_id
// and the kernel refuses it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("struct_ops")
__u32 unplaced(unsigned long long *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
