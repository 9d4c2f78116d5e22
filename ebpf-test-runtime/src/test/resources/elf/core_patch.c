// CO-RE relocations on loads of fields whose size differs in the target (core_patch_target.c):
// libbpf gives the load the target's size where both sides are unsigned integers, and poisons it
// where either is signed (here in code a field existence check leaves dead, so the kernel loads it).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct cp_value {
	__u64 wide;	// a __u32 at 8 in the target
	__u32 narrow;	// a __u64 at 0 in the target
	__s32 sgn;	// a __s64 in the target
	__u32 absent;	// not in the target
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cp_value);
} values SEC(".maps");

SEC("xdp")
int sized_loads(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 key = 0;
	struct cp_value *v = bpf_map_lookup_elem(&values, &key);
	__u32 r;

	if (!v || data + 16 > end)
		return 0;
	// the packet's first 16 bytes, so the reads below see bytes the compiler cannot know
	__builtin_memcpy((void *)v, data, 16);
	r = v->wide + v->narrow;
	if (bpf_core_field_exists(v->absent))
		r += v->sgn;
	return r;
}
