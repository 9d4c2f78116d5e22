// CO-RE field and enum value relocations against a BTF with several candidates per type
// (core_compat_target.c and the core_ambiguous_*_target.c files): which target fields are
// compatible with a local field, as libbpf's bpf_core_fields_are_compat decides; flavoured
// candidates that must agree; candidates that did not match an earlier relocation of the same
// type left out of the later ones, as libbpf prunes them.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct fc_inner {
	int x;
};

enum fc_color { FC_RED };

// each member meets a target member of the same name and another type (core_compat_target.c)
struct fc_pairs {
	long long int_sizes;			// short: integers of any size and sign
	int int_vs_ptr;				// void *: no
	struct fc_inner *ptrs;			// int *: any two pointers
	enum fc_color flavoured_enum;		// enum fc_color___v2: enum names without flavours
	int int_vs_enum;			// enum fc_color: no
	int arr[4];				// long[2]: arrays by element, any length
	int arr_vs_ptr[2];			// int *: no
	struct fc_inner comp;			// union fc_other: any two structs or unions
	struct fc_inner comp_vs_int;		// int: no
	const volatile unsigned int mods;	// a typedef of __u64: qualifiers and typedefs seen through
	enum fc_color other_enum;		// enum fc_shade: an enum of another name, no
	enum { FC_ANON } anon_enum;		// enum fc_color: an anonymous enum, any
	float flt;				// double: floats
	float flt_vs_int;			// int: no
	struct fc_inner comps[2];		// int[2]: elements that are not compatible, no
} __attribute__((preserve_access_index));

SEC("xdp")
int field_compat(struct xdp_md *ctx)
{
	__u32 r = 0;

	r |= bpf_core_field_exists(struct fc_pairs, int_sizes) << 0;
	r |= bpf_core_field_exists(struct fc_pairs, int_vs_ptr) << 1;
	r |= bpf_core_field_exists(struct fc_pairs, ptrs) << 2;
	r |= bpf_core_field_exists(struct fc_pairs, flavoured_enum) << 3;
	r |= bpf_core_field_exists(struct fc_pairs, int_vs_enum) << 4;
	r |= bpf_core_field_exists(struct fc_pairs, arr) << 5;
	r |= bpf_core_field_exists(struct fc_pairs, arr_vs_ptr) << 6;
	r |= bpf_core_field_exists(struct fc_pairs, comp) << 7;
	r |= bpf_core_field_exists(struct fc_pairs, comp_vs_int) << 8;
	r |= bpf_core_field_exists(struct fc_pairs, mods) << 9;
	r |= bpf_core_field_exists(struct fc_pairs, other_enum) << 10;
	r |= bpf_core_field_exists(struct fc_pairs, anon_enum) << 11;
	r |= bpf_core_field_exists(struct fc_pairs, flt) << 12;
	r |= bpf_core_field_exists(struct fc_pairs, flt_vs_int) << 13;
	r |= bpf_core_field_exists(struct fc_pairs, comps) << 14;
	return r;
}

SEC("xdp")
int field_values(struct xdp_md *ctx)
{
	struct fc_pairs *p = 0;
	__u32 r = 0;

	r |= bpf_core_field_size(p->int_sizes) << 0;
	r |= __builtin_preserve_field_info(p->int_sizes, BPF_FIELD_SIGNED) << 4;
	r |= bpf_core_field_size(p->arr[1]) << 8;
	r |= bpf_core_field_offset(p->arr[1]) << 16;
	return r;
}

// core_compat_target.c: x is a pointer in fc_pick, an int at 4 in fc_pick___v2
struct fc_pick {
	int x;
} __attribute__((preserve_access_index));

SEC("xdp")
int compatible_candidate(struct xdp_md *ctx)
{
	return bpf_core_field_offset(struct fc_pick, x);
}

// core_compat_target.c: fc_prune's a is a pointer, fc_prune___v2 has no c
struct fc_prune {
	int a;
	int c;
} __attribute__((preserve_access_index));

SEC("xdp")
int pruned_candidates(struct xdp_md *ctx)
{
	__u32 r = bpf_core_field_offset(struct fc_prune, a);

	return r | bpf_core_field_exists(struct fc_prune, c) << 8;
}

// core_compat_target.c: FC_HIGH is 2 in fc_level and fc_level___v2; fc_mode has only FC_MODE_A
// (3), fc_mode___v2 only FC_MODE_B (9)
enum fc_level { FC_LOW, FC_HIGH };
enum fc_mode { FC_MODE_A, FC_MODE_B };

SEC("xdp")
int enum_values(struct xdp_md *ctx)
{
	__u32 r = bpf_core_enum_value_exists(enum fc_mode, FC_MODE_A) << 9;

	r |= bpf_core_enum_value(enum fc_level, FC_HIGH);
	r |= bpf_core_enum_value(enum fc_mode, FC_MODE_A) << 4;
	r |= bpf_core_enum_value_exists(enum fc_mode, FC_MODE_B) << 8;
	return r;
}

// core_compat_target.c: FC_WIDE_ONE is a 64-bit value there, FC_HUGE a 32-bit one
enum fc_wide { FC_WIDE_ONE = 1 };
enum fc_huge { FC_HUGE = 0x200000000ULL };

SEC("xdp")
int enum64_values(struct xdp_md *ctx)
{
	__u64 wide = bpf_core_enum_value(enum fc_wide, FC_WIDE_ONE);
	__u64 huge = bpf_core_enum_value(enum fc_huge, FC_HUGE);

	return (wide >> 32) | (wide & 0xff) << 8 | huge << 16;
}
