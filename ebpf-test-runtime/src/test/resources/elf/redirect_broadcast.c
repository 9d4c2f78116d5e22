// bpf_redirect_map with BPF_F_BROADCAST answers XDP_REDIRECT whatever the key, even on an empty
// devmap; without it an empty slot answers the action in the flags' low bits.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
	__uint(max_entries, 8);
} ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(struct bpf_devmap_val));
	__uint(max_entries, 8);
} egress SEC(".maps");

SEC("xdp")
int broadcast(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ports, 0, BPF_F_BROADCAST);
}

SEC("xdp")
int broadcast_excluding_ingress(struct xdp_md *ctx)
{
	return bpf_redirect_map(&egress, 5, BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS | XDP_DROP);
}

SEC("xdp")
int unicast_to_an_empty_slot(struct xdp_md *ctx)
{
	return bpf_redirect_map(&ports, 3, XDP_PASS);
}

char LICENSE[] SEC("license") = "GPL";
