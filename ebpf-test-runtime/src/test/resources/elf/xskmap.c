// Lookups in an xskmap (AF_XDP sockets), which an XDP program may make: each returns the socket
// (struct bpf_xdp_sock, whose queue_id it may read) or NULL for an empty slot or a key past the end.
// The object creates the map empty, so every lookup here finds NULL, in Linux and in the emulator.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} sockets SEC(".maps");

// 1 when the slot of the packet's first byte (0..3 in range, anything past the end) is empty,
// else 2 plus the socket's queue.
SEC("xdp")
int queue_of_slot(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 key;
	struct bpf_xdp_sock *xs;

	if (data + 1 > end)
		return XDP_ABORTED;
	key = *(__u8 *)data;
	xs = bpf_map_lookup_elem(&sockets, &key);
	if (!xs)
		return 1;
	return 2 + xs->queue_id;
}

char LICENSE[] SEC("license") = "GPL";
