// A constant key inside max_entries of an array map: Linux 6.18 knows the value exists and needs
// no NULL check (older kernels refused this with map_value_or_null). The key must sit in an
// 8-byte aligned stack slot, where the verifier tracks the stored constant.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} settings SEC(".maps");

SEC("xdp")
int array_constant_key_without_check(struct xdp_md *ctx)
{
	__u32 key __attribute__((aligned(8))) = 3;
	__u64 *value = bpf_map_lookup_elem(&settings, &key);

	return *value ? XDP_DROP : XDP_PASS;
}
