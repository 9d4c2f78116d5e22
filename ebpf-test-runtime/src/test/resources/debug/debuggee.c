// A program to step through in the debugger tests: a bpf-to-bpf call, a helper call on a map, a
// context read and a stack variable. Tests find lines by their text, so edits keep them valid.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __attribute__((noinline)) int classify(int length)
{
	if (length > 100)
		return 2;
	return 1;
}

SEC("xdp")
int debuggee(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int length = data_end - data;
	__u32 key = classify(length);
	__u64 *count = bpf_map_lookup_elem(&hits, &key);

	if (count)
		*count += 1;
	if (key == 2)
		return XDP_DROP;
	return XDP_PASS;
}
