// Kfuncs of XDP programs that need no kernel state: the rx metadata kfuncs store their return codes
// and values in io[0]; kern_ctx casts the context to the kernel's struct xdp_buff and, when asked
// by a packet starting with 1, reads a field of it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum xdp_rss_hash_type { XDP_RSS_TYPE_NONE = 0 };

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash, enum xdp_rss_hash_type *rss_type) __ksym;
extern int bpf_xdp_metadata_rx_timestamp(const struct xdp_md *ctx, __u64 *timestamp) __ksym;
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto, __u16 *vlan_tci) __ksym;
extern void *bpf_cast_to_kern_ctx(void *obj) __ksym;

struct meta_io {
	__s64 hash_rc;
	__u32 hash;
	__u32 hash_type;
	__s64 timestamp_rc;
	__u64 timestamp;
	__s64 vlan_rc;
	__u16 vlan_proto;
	__u16 vlan_tci;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct meta_io);
} io SEC(".maps");

SEC("xdp")
int rx_meta(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct meta_io *p = bpf_map_lookup_elem(&io, &zero);
	enum xdp_rss_hash_type type = 0;
	__u32 hash = 0;
	__u64 ts = 0;
	__be16 proto = 0;
	__u16 tci = 0;

	if (!p)
		return XDP_ABORTED;
	p->hash_rc = bpf_xdp_metadata_rx_hash(ctx, &hash, &type);
	p->hash = hash;
	p->hash_type = type;
	p->timestamp_rc = bpf_xdp_metadata_rx_timestamp(ctx, &ts);
	p->timestamp = ts;
	p->vlan_rc = bpf_xdp_metadata_rx_vlan_tag(ctx, &proto, &tci);
	p->vlan_proto = proto;
	p->vlan_tci = tci;
	return XDP_PASS;
}

struct xdp_buff {
	void *data;
	void *data_end;
} __attribute__((preserve_access_index));

SEC("xdp")
int kern_ctx(struct xdp_md *ctx)
{
	struct xdp_buff *x = bpf_cast_to_kern_ctx(ctx);
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 1 > end)
		return XDP_ABORTED;
	if (*(__u8 *)data == 1)
		return x->data_end - x->data;
	return x ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
