// An object in iproute2's style, as tc filter ... bpf obj tc_legacy.o loads it: maps declared with
// struct bpf_elf_map in the "maps" section, a tail-call program in a section named ID/SLOT that tc
// puts into a program array, a map of maps wired by id, inner_id and inner_idx, a static helper
// program, and global data in custom .rodata.config, .data.B and .bss.A sections. libbpf 1.x
// refuses the legacy maps; tc with iproute2's own loader takes the object as it is.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

// iproute2's map declaration: nine 32-bit fields
struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

#define JUMP_ID 2
#define INNER_ID 5
#define SLOT 13

struct bpf_elf_map SEC("maps") jumps = {
	.type = BPF_MAP_TYPE_PROG_ARRAY,
	.size_key = 4,
	.size_value = 4,
	.max_elem = 16,
	.id = JUMP_ID,
};

struct bpf_elf_map SEC("maps") marks = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = 4,
	.size_value = 4,
	.max_elem = 2,
	.id = INNER_ID,
	.inner_idx = 1,
	.pinning = 2,
};

struct bpf_elf_map SEC("maps") outer = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
	.size_key = 4,
	.size_value = 4,
	.max_elem = 4,
	.id = 6,
	.inner_id = INNER_ID,
};

// a value the control plane sets before loading, read as a constant by the program
volatile const __u32 config_mark __attribute__((section(".rodata.config"))) = 0x2a;
__u32 seen_b __attribute__((section(".data.B"))) = 100;
__u32 seen_a __attribute__((section(".bss.A")));

char LICENSE[] SEC("license") = "GPL";

SEC("tc/test/entry")
int tc_entry(struct __sk_buff *skb)
{
	seen_a++;
	skb->mark = config_mark;
	bpf_tail_call(skb, &jumps, SLOT);
	return TC_ACT_SHOT;
}

// the tail-call target: tc puts it into slot 13 of the program array whose id is 2
SEC("2/13")
int tail_13(struct __sk_buff *skb)
{
	__u32 key = 1;
	void *inner = bpf_map_lookup_elem(&outer, &key);
	seen_b++;
	if (!inner)
		return TC_ACT_UNSPEC;
	return skb->mark == config_mark ? TC_ACT_OK : TC_ACT_UNSPEC;
}

// a static function alone in its section: cilium/ebpf loads it as a program of its own
static __attribute__((used, section("tc/test/helper"))) int tc_static(struct __sk_buff *skb)
{
	return skb->len > 100 ? TC_ACT_SHOT : TC_ACT_OK;
}
