// CO-RE relocations that only the kernel's BTF can answer: types the program alone declares, and
// minimal local definitions of kernel structs (the pattern of programs built without vmlinux.h),
// whose offsets, sizes and signedness must be the kernel's, not the local ones. Each program
// returns one answer so that bpftool prog run can give the kernel's.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

// declared here only: no kernel has it
struct only_in_this_program {
	int a;
};

// the kernel's sk_buff, cut down to what the program reads, at offsets the kernel does not use
struct sk_buff {
	__u32 mark;
	unsigned int skb_iif;
	__u32 len;
} __attribute__((preserve_access_index));

// a flavour of the same struct, with a field the kernel does not have
struct sk_buff___probe {
	__u32 no_such_field;
	__u32 len;
} __attribute__((preserve_access_index));

// the conntrack entry as programs without vmlinux.h declare it
struct nf_conn___local {
	unsigned long status;
	__u32 mark;
} __attribute__((preserve_access_index));

// the map struct, read through a map pointer
struct bpf_map___local {
	__u32 max_entries;
	__u32 key_size;
	__u32 value_size;
} __attribute__((preserve_access_index));

// enum values by essential name: the local numbers are not the kernel's
enum bpf_func_id___local { BPF_FUNC_loop___local = 1, BPF_FUNC_no_such_helper___local = 2 };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 7);
	__type(key, __u32);
	__type(value, __u64);
} seven SEC(".maps");

SEC("xdp")
int type_exists(struct xdp_md *ctx)
{
	return bpf_core_type_exists(struct only_in_this_program) | bpf_core_type_exists(struct sk_buff) << 1
		| bpf_core_type_exists(struct nf_conn___local) << 2;
}

SEC("xdp")
int skb_offsets(struct xdp_md *ctx)
{
	return bpf_core_field_offset(struct sk_buff, mark) | bpf_core_field_offset(struct sk_buff, len) << 16;
}

SEC("xdp")
int skb_sizes(struct xdp_md *ctx)
{
	return bpf_core_type_size(struct sk_buff) | bpf_core_field_size(struct sk_buff, len) << 16;
}

SEC("xdp")
int skb_signed(struct xdp_md *ctx)
{
	return __builtin_preserve_field_info(((struct sk_buff *)0)->skb_iif, BPF_FIELD_SIGNED)
		| __builtin_preserve_field_info(((struct sk_buff *)0)->mark, BPF_FIELD_SIGNED) << 1;
}

SEC("xdp")
int field_exists(struct xdp_md *ctx)
{
	return bpf_core_field_exists(struct sk_buff___probe, no_such_field)
		| bpf_core_field_exists(struct sk_buff___probe, len) << 1;
}

SEC("xdp")
int conn_offsets(struct xdp_md *ctx)
{
	return bpf_core_field_offset(struct nf_conn___local, mark) | bpf_core_field_offset(struct nf_conn___local, status) << 16;
}

SEC("xdp")
int enum_values(struct xdp_md *ctx)
{
	return bpf_core_enum_value(enum bpf_func_id___local, BPF_FUNC_loop___local)
		| bpf_core_enum_value_exists(enum bpf_func_id___local, BPF_FUNC_no_such_helper___local) << 16
		| bpf_core_enum_value_exists(enum bpf_func_id___local, BPF_FUNC_loop___local) << 17;
}

SEC("xdp")
int type_id(struct xdp_md *ctx)
{
	return bpf_core_type_id_kernel(struct sk_buff) != 0 ? bpf_core_type_id_kernel(struct sk_buff) : -1;
}

SEC("xdp")
int map_fields(struct xdp_md *ctx)
{
	struct bpf_map___local *map = (void *)&seven;

	return map->max_entries | map->key_size << 8 | map->value_size << 16;
}
