// Dynptrs over the packet (bpf_dynptr_from_skb, bpf_dynptr_from_xdp) and over a map value
// (bpf_dynptr_from_mem): each program records what the dynptr kfuncs and helpers answered in
// out[0..31] and changes the packet through bpf_dynptr_write. bpf_dynptr_slice_rdwr is in
// dynptr_rdwr.c, which Linux 6.18 refused here.
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

extern int bpf_dynptr_from_skb(struct __sk_buff *skb, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern int bpf_dynptr_from_xdp(struct xdp_md *xdp, __u64 flags, struct bpf_dynptr *ptr__uninit) __ksym;
extern void *bpf_dynptr_slice(const struct bpf_dynptr *ptr, __u32 offset, void *buffer__opt, __u32 buffer__szk) __ksym;
extern int bpf_dynptr_adjust(const struct bpf_dynptr *ptr, __u32 start, __u32 end) __ksym;
extern bool bpf_dynptr_is_null(const struct bpf_dynptr *ptr) __ksym;
extern bool bpf_dynptr_is_rdonly(const struct bpf_dynptr *ptr) __ksym;
extern __u32 bpf_dynptr_size(const struct bpf_dynptr *ptr) __ksym;
extern int bpf_dynptr_clone(const struct bpf_dynptr *ptr, struct bpf_dynptr *clone__uninit) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64[32]);
} out SEC(".maps");

/* bpf_dynptr_from_mem takes map values only */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[16]);
} mem SEC(".maps");

/* A bool kfunc defines only the low byte of r0 (the rest is what the JIT left), so store that byte. */
#define FLAG(slot, expr) (*(volatile __u8 *)&(slot) = (expr))

static __always_inline __s64 *slots(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&out, &zero);
}

/* What every packet dynptr answers, whatever its kind; the slice at 12 is the EtherType. */
static __always_inline void packet(__s64 *o, struct bpf_dynptr *d)
{
	struct bpf_dynptr c;
	__u8 buf[8] = {};
	__u8 mac[2] = {0xaa, 0xbb};
	__u16 *type;

	o[0] = bpf_dynptr_size(d);
	FLAG(o[1], bpf_dynptr_is_null(d));
	FLAG(o[2], bpf_dynptr_is_rdonly(d));
	type = bpf_dynptr_slice(d, 12, buf, 2);
	o[3] = type ? *type : -1;
	o[4] = type == (void *)buf;
	o[5] = 0;
	o[6] = bpf_dynptr_write(d, 6, mac, 2, 0);
	o[7] = bpf_dynptr_read(buf, 4, d, 14, 0);
	o[8] = *(__u32 *)buf;
	o[9] = bpf_dynptr_read(buf, 4, d, o[0] - 2, 0);
	o[10] = bpf_dynptr_read(buf, 4, d, 0, 1);
	o[11] = (long)bpf_dynptr_data(d, 0, 4) != 0;
	o[12] = bpf_dynptr_slice(d, o[0] - 1, buf, 2) != 0;
	o[13] = bpf_dynptr_clone(d, &c);
	o[14] = bpf_dynptr_adjust(&c, 14, 34);
	o[15] = bpf_dynptr_size(&c);
	o[16] = bpf_dynptr_size(d);
	o[17] = bpf_dynptr_read(buf, 4, &c, 0, 0);
	o[18] = *(__u32 *)buf;
	o[19] = bpf_dynptr_adjust(&c, 10, 4);
	o[20] = bpf_dynptr_adjust(&c, 0, 21);
	o[21] = bpf_dynptr_write(&c, 18, mac, 2, 0);
	o[22] = bpf_dynptr_write(d, 0, mac, 2, 4);
}

SEC("tc")
int dynptr_tc(struct __sk_buff *skb)
{
	struct bpf_dynptr d, bad;
	__s64 *o = slots();

	if (!o)
		return TC_ACT_SHOT;
	o[30] = bpf_dynptr_from_skb(skb, 1, &bad);
	FLAG(o[31], bpf_dynptr_is_null(&bad));
	o[29] = bpf_dynptr_size(&bad);
	o[28] = bpf_dynptr_from_skb(skb, 0, &d);
	packet(o, &d);
	return TC_ACT_OK;
}

SEC("xdp")
int dynptr_xdp(struct xdp_md *ctx)
{
	struct bpf_dynptr d, bad;
	__u8 buf[16] = {};
	__s64 *o = slots();

	if (!o)
		return XDP_ABORTED;
	o[30] = bpf_dynptr_from_xdp(ctx, 1, &bad);
	FLAG(o[31], bpf_dynptr_is_null(&bad));
	o[28] = bpf_dynptr_from_xdp(ctx, 0, &d);
	packet(o, &d);
	/* a frame of more than 3520 bytes continues in fragments: slices across the boundary copy */
	o[23] = bpf_dynptr_slice(&d, 3512, buf, 16) == (void *)buf;
	o[24] = bpf_dynptr_slice(&d, 3512, NULL, 16) != 0;
	o[25] = bpf_dynptr_read(buf, 16, &d, 3512, 0);
	o[26] = *(__s64 *)(buf + 8);
	o[27] = bpf_dynptr_write(&d, 3510, buf, 16, 0);
	return XDP_PASS;
}

SEC("tc")
int dynptr_mem(struct __sk_buff *skb)
{
	struct bpf_dynptr l, bad;
	__u8 buf[4] = {};
	__u32 zero = 0;
	__s64 *o = slots();
	__u8 *m = bpf_map_lookup_elem(&mem, &zero);
	__u8 *p;

	if (!o || !m)
		return TC_ACT_SHOT;
	for (int i = 0; i < 8; i++)
		m[i] = i + 1;
	o[0] = bpf_dynptr_from_mem(m, 16, 0, &l);
	o[1] = bpf_dynptr_size(&l);
	o[2] = bpf_dynptr_from_mem(m, 16, 1, &bad);
	FLAG(o[3], bpf_dynptr_is_null(&bad));
	p = bpf_dynptr_data(&l, 4, 4);
	if (p)
		p[0] = 0x44;
	o[4] = p != 0;
	o[5] = bpf_dynptr_write(&l, 1, m + 6, 2, 0);
	o[6] = bpf_dynptr_write(&l, 1, m, 2, 1);
	o[7] = bpf_dynptr_read(buf, 4, &l, 0, 0);
	o[8] = *(__u32 *)buf;
	o[9] = m[4];
	o[10] = bpf_dynptr_adjust(&l, 4, 8);
	o[11] = bpf_dynptr_read(buf, 4, &l, 0, 0);
	o[12] = *(__u32 *)buf;
	o[13] = (long)bpf_dynptr_data(&l, 2, 4) != 0;
	p = bpf_dynptr_slice(&l, 1, NULL, 2);
	o[14] = p ? p[0] : -1;
	FLAG(o[15], bpf_dynptr_is_rdonly(&l));
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
