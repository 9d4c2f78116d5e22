// Per-CPU objects (bpf_percpu_obj_new) stashed in a map value's __percpu_kptr field, counted per
// CPU through bpf_this_cpu_ptr and read back through bpf_per_cpu_ptr. Sums run over every CPU, so
// the answers do not depend on the CPU a run is on; PercpuObjectsKernelTest compares them with the
// kernel's.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

extern void *bpf_percpu_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_percpu_obj_drop_impl(void *kptr, void *meta__ign) __ksym;

#define percpu_obj_new(type) ((type __attribute__((btf_type_tag("percpu_kptr"))) *) \
	bpf_percpu_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))

struct counter {
	long count;
	int last;
	int pad[3];
};

struct elem {
	struct counter __percpu_kptr *pc;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct elem);
} stash SEC(".maps");

#define MAX_CPUS 64

// Stashes a new object: 1, or 2 when one was there already (it is dropped), 0 when none could be allocated.
// The kernel's percpu allocator hands out the memory of dropped objects as it was, so the copies
// are zeroed here, as a program that counts must.
SEC("xdp")
int pc_init(struct xdp_md *ctx)
{
	struct counter __percpu_kptr *p, *old;
	struct counter *v;
	struct elem *e;
	int key = 0, i, r = 1;

	e = bpf_map_lookup_elem(&stash, &key);
	if (!e)
		return 3;
	p = percpu_obj_new(struct counter);
	if (!p)
		return 0;
	old = bpf_kptr_xchg(&e->pc, p);
	if (old) {
		bpf_percpu_obj_drop_impl(old, NULL);
		r = 2;
	}
	p = e->pc;
	if (!p)
		return 4;
	for (i = 0; i < MAX_CPUS; i++) {
		v = bpf_per_cpu_ptr(p, i);
		if (v) {
			v->count = 0;
			v->last = 0;
		}
	}
	return r;
}

// Adds the packet's first byte to this CPU's count; answers the sum of counts over the CPUs << 8
// | how many CPUs bpf_per_cpu_ptr gives a copy for, or 0 without an object.
SEC("xdp")
int pc_add(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	struct counter __percpu_kptr *p;
	struct counter *v;
	struct elem *e;
	long sum = 0;
	int key = 0, n = 0, i;

	if ((void *)(data + 1) > (void *)(long)ctx->data_end)
		return 3;
	e = bpf_map_lookup_elem(&stash, &key);
	if (!e)
		return 3;
	p = e->pc;
	if (!p)
		return 0;
	v = bpf_this_cpu_ptr(p);
	v->count += data[0];
	v->last = data[0];
	for (i = 0; i < MAX_CPUS; i++) {
		v = bpf_per_cpu_ptr(p, i);
		if (!v)
			continue;
		sum += v->count;
		n++;
	}
	return sum << 8 | n;
}

// The count of the CPU the packet's first four bytes name (a u32), or -1 when bpf_per_cpu_ptr answers NULL.
SEC("xdp")
int pc_read(struct xdp_md *ctx)
{
	__u32 *data = (void *)(long)ctx->data;
	struct counter __percpu_kptr *p;
	struct counter *v;
	struct elem *e;
	int key = 0;

	if ((void *)(data + 1) > (void *)(long)ctx->data_end)
		return -3;
	e = bpf_map_lookup_elem(&stash, &key);
	if (!e)
		return -3;
	p = e->pc;
	if (!p)
		return -2;
	v = bpf_per_cpu_ptr(p, data[0]);
	if (!v)
		return -1;
	return v->count;
}

// Takes the object out of the map and drops it: 1, or 0 when there was none.
SEC("xdp")
int pc_drop(struct xdp_md *ctx)
{
	struct counter __percpu_kptr *p;
	struct elem *e;
	int key = 0;

	e = bpf_map_lookup_elem(&stash, &key);
	if (!e)
		return 3;
	p = bpf_kptr_xchg(&e->pc, NULL);
	if (!p)
		return 0;
	bpf_percpu_obj_drop_impl(p, NULL);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
