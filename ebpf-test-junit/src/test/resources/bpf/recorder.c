// One XDP program with every effect a golden file records: hash and per-CPU hash entries added,
// changed and removed, printed lines, ring-buffer and perf-event records, a rewritten frame and a
// redirect. The two bytes after the Ethernet header say what to do: an operation, then a key.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct flow {
	__u32 pkts;
	__u32 bytes;
};

struct event {
	__u8 op;
	__u8 key;
	__u16 len;
};

enum op { OP_COUNT = 0, OP_FORGET = 1, OP_BOUNCE = 2, OP_REDIRECT = 3 };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct flow);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} samples SEC(".maps");

SEC("xdp")
int recorder(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data;

	if (data + 16 > data_end)
		return XDP_ABORTED;
	__u32 key = p[15];
	struct event ev = { .op = p[14], .key = p[15], .len = data_end - data };

	if (ev.op == OP_FORGET) {
		bpf_map_delete_elem(&flows, &key);
		bpf_map_delete_elem(&seen, &key);
		bpf_printk("forgot %u", key);
	} else {
		struct flow *f = bpf_map_lookup_elem(&flows, &key);
		if (f) {
			f->pkts++;
			f->bytes += ev.len;
		} else {
			struct flow first = { .pkts = 1, .bytes = ev.len };
			bpf_map_update_elem(&flows, &key, &first, BPF_NOEXIST);
		}
		__u64 *s = bpf_map_lookup_elem(&seen, &key);
		if (s) {
			*s += 1;
		} else {
			__u64 one = 1;
			bpf_map_update_elem(&seen, &key, &one, BPF_NOEXIST);
		}
		bpf_printk("counted %u len %u", key, ev.len);
	}
	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, &ev, sizeof(ev));
	if (ev.op == OP_BOUNCE) {
		__u8 mac[6];

		__builtin_memcpy(mac, p, 6);
		__builtin_memcpy(p, p + 6, 6);
		__builtin_memcpy(p + 6, mac, 6);
		return XDP_TX;
	}
	if (ev.op == OP_REDIRECT)
		return bpf_redirect(5, 0);
	return XDP_PASS;
}
