// A program Linux 6.18 refuses, which a pruning that never compares scalars would accept: two
// paths join with an index in [0, 3] on the first and in [0, 7] on the second, and only after
// the join is the index added to a pointer into a 4-byte map value. The kernel marks the index
// precise (it decides a pointer's offset), so the second path is not pruned against the first and
// its read at offset 7 is refused. Written in assembly so that the join is kept as it is.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} small SEC(".maps");

SEC("xdp")
__attribute__((naked)) int precise_offset(void)
{
	asm volatile(
		"r6 = r1;"
		"call %[bpf_get_prandom_u32];"
		"r7 = r0;"
		"r7 &= 7;"	/* the index: [0, 7] */
		"r1 = 0;"
		"*(u32 *)(r10 - 4) = r1;"
		"r2 = r10;"
		"r2 += -4;"
		"r1 = %[small] ll;"
		"call %[bpf_map_lookup_elem];"
		"if r0 == 0 goto 2f;"
		"r8 = r0;"
		"r2 = *(u32 *)(r6 + 0);"	/* data */
		"r3 = *(u32 *)(r6 + 4);"	/* data_end */
		"r4 = r2;"
		"r4 += 1;"
		"if r4 > r3 goto 2f;"
		"r4 = *(u8 *)(r2 + 0);"
		"if r4 > 100 goto 1f;"
		/* the first path walked narrows the index to [0, 3] and keeps a state at the join */
		"r7 &= 3;"
		"r1 = 0;"
		"r2 = 0;"
		"r3 = 0;"
		"r4 = 0;"
		"r5 = 0;"
		"r1 = 0;"
		"r2 = 0;"
		"r3 = 0;"
		"1:"
		"r1 = 0;"
		"r2 = 0;"
		"r3 = 0;"
		"r4 = 0;"
		"r5 = 0;"
		"r1 = 0;"
		"r2 = 0;"
		"r3 = 0;"
		"r4 = 0;"
		"r8 += r7;"	/* the index becomes an offset into the 4-byte value */
		"r0 = *(u8 *)(r8 + 0);"
		"exit;"
		"2:"
		"r0 = 2;"
		"exit;"
		:
		: [bpf_get_prandom_u32] "i"(bpf_get_prandom_u32), [bpf_map_lookup_elem] "i"(bpf_map_lookup_elem), [small] "i"(&small)
		: "memory");
}
