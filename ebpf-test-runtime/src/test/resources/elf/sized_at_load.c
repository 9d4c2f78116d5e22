// Maps whose sizes the loading program sets, as libbpf's bpf_map__set_max_entries sets them between
// open and load: declared without max_entries, Linux refuses to create them as they are.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
} slots SEC(".maps");

// Writes a record of 8 bytes and answers 1 when slot 3 exists, 2 when it does not.
SEC("xdp")
int fill(struct xdp_md *ctx)
{
	__u32 key = 3;
	__u64 *slot = bpf_map_lookup_elem(&slots, &key);
	__u64 *record = bpf_ringbuf_reserve(&events, sizeof(*record), 0);

	if (record) {
		*record = 0x1122334455667788ULL;
		bpf_ringbuf_submit(record, 0);
	}
	return slot ? 1 : 2;
}

char LICENSE[] SEC("license") = "GPL";
