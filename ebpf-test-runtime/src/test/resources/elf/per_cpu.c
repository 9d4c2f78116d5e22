// Counts runs per CPU and in total, for runs on several virtual CPUs at once: a per-CPU array
// counted with a plain add (each CPU has its own slot), a shared array counted with an atomic add
// (every CPU's runs count), the CPU written into the frame's first byte and the frame's second
// byte deciding the verdict.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} per_cpu_runs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} all_runs SEC(".maps");

SEC("xdp")
int count_runs(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	__u32 key = 0;
	__u64 *mine = bpf_map_lookup_elem(&per_cpu_runs, &key);
	__u64 *all = bpf_map_lookup_elem(&all_runs, &key);

	if (mine)
		*mine += 1;
	if (all)
		__sync_fetch_and_add(all, 1);
	if (data + 2 > end)
		return XDP_ABORTED;
	data[0] = bpf_get_smp_processor_id();
	return data[1] & 1 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
