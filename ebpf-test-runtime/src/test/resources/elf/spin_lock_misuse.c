// bpf_spin_lock used in ways the kernel's verifier refuses (taken twice, never released, a lock
// word written by a store): the kernel never runs these programs, so they exist to check that the
// emulator stops them at once with a trap instead of waiting for a release that cannot come.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct locked {
	struct bpf_spin_lock lock;
	__u32 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked);
} counter SEC(".maps");

SEC("xdp")
int lock_twice(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct locked *l = bpf_map_lookup_elem(&counter, &zero);

	if (!l)
		return XDP_ABORTED;
	bpf_spin_lock(&l->lock);
	bpf_spin_lock(&l->lock);
	l->count++;
	bpf_spin_unlock(&l->lock);
	return XDP_PASS;
}

SEC("xdp")
int lock_and_exit(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct locked *l = bpf_map_lookup_elem(&counter, &zero);

	if (!l)
		return XDP_ABORTED;
	bpf_spin_lock(&l->lock);
	l->count++;
	return XDP_PASS;
}

SEC("xdp")
int lock_written(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct locked *l = bpf_map_lookup_elem(&counter, &zero);

	if (!l)
		return XDP_ABORTED;
	*(volatile __u32 *)&l->lock = 1;
	bpf_spin_lock(&l->lock);
	bpf_spin_unlock(&l->lock);
	return XDP_PASS;
}

SEC("xdp")
int lock_once(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct locked *l = bpf_map_lookup_elem(&counter, &zero);

	if (!l)
		return XDP_ABORTED;
	bpf_spin_lock(&l->lock);
	l->count++;
	bpf_spin_unlock(&l->lock);
	return XDP_PASS;
}
