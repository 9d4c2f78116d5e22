// An enum value relocation on a 64-bit immediate load of an unsigned 32-bit enumerator above
// 0x7fffffff: libbpf reads the local value sign-extended, finds the instruction holds it
// zero-extended, and refuses the object, even against the object's own BTF.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

enum ceu_big { CEU_BIG = 0x80000000u };

SEC("xdp")
int big_enumerator(struct xdp_md *ctx)
{
	__u64 v = bpf_core_enum_value(enum ceu_big, CEU_BIG);

	return v >> 32;
}
