// CO-RE relocations the target cannot resolve: the loader poisons each instruction (libbpf's
// call 0xbad2310), so the object loads and only a program that reaches one is refused. Loaded
// against a target BTF without struct kernel_only, guarded_read never reaches its poisoned read;
// unguarded_read does, and type_id reaches a poisoned lddw. anon_member reads a member of the
// second of two anonymous unions.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct kernel_only {
	int before;
	int wanted;
} __attribute__((preserve_access_index));

struct two_unions {
	union { long meta; };
	union { long map; };
} __attribute__((preserve_access_index));

struct kernel_only *volatile some_kernel_struct;
struct two_unions *volatile iter_ctx;

SEC("xdp")
int guarded_read(struct xdp_md *ctx)
{
	if (bpf_core_type_exists(struct kernel_only))
		return bpf_core_field_size(some_kernel_struct->wanted);
	return XDP_PASS;
}

SEC("xdp")
int unguarded_read(struct xdp_md *ctx)
{
	return bpf_core_field_size(some_kernel_struct->wanted);
}

SEC("xdp")
int anon_member(struct xdp_md *ctx)
{
	return bpf_core_field_offset(iter_ctx->map);
}

/* a type id is a 64-bit immediate: both slots of its lddw are poisoned */
SEC("xdp")
int type_id(struct xdp_md *ctx)
{
	return bpf_core_type_id_kernel(struct kernel_only) != 0;
}

char _license[] SEC("license") = "GPL";
