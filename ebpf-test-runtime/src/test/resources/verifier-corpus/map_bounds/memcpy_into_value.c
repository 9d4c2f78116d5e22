// Copies 16 checked packet bytes into a 16-byte map value.
// kernel: accepted
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, char[16]);
} last_header SEC(".maps");

SEC("xdp")
int memcpy_into_value(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 key = 0;
	char *value = bpf_map_lookup_elem(&last_header, &key);

	if (data + 16 > data_end)
		return XDP_PASS;
	__builtin_memcpy(value, data, 16);
	return XDP_PASS;
}
