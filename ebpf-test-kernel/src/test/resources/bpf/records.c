// Records a program writes for user space, read back from the kernel by RecordsTest: ring-buffer
// samples reserved and submitted, reserved and discarded, and copied in with bpf_ringbuf_output,
// and a perf event of 6 bytes (which the kernel pads to 8 with its size field). Nothing here reads
// a clock or random numbers, so the emulator and the kernel write the same bytes.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} runs SEC(".maps");

struct event {
	__u32 run;
	__u32 frame_len;
};

struct tag {
	__u8 bytes[6];
};

/* Each run: the run number and frame length reserved and submitted, a reservation discarded, and the run number output. */
SEC("xdp")
int xdp_records(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u32 *run = bpf_map_lookup_elem(&runs, &zero);
	struct event *e;
	__u32 n;

	if (!run)
		return XDP_ABORTED;
	n = ++*run;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return XDP_DROP;
	e->run = n;
	e->frame_len = ctx->data_end - ctx->data;
	bpf_ringbuf_submit(e, 0);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e)
		bpf_ringbuf_discard(e, 0);
	if (bpf_ringbuf_output(&events, &n, sizeof(n), 0))
		return XDP_DROP;
	return XDP_PASS;
}

/* A 6-byte perf event on the running CPU: 'r', 'u', 'n' and the run count's low three bytes. */
SEC("xdp")
int xdp_perf(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u32 *run = bpf_map_lookup_elem(&runs, &zero);
	struct tag t = { .bytes = { 'r', 'u', 'n' } };
	__u32 n;

	if (!run)
		return XDP_ABORTED;
	n = ++*run;
	t.bytes[3] = n;
	t.bytes[4] = n >> 8;
	t.bytes[5] = n >> 16;
	if (bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &t, sizeof(t)))
		return XDP_DROP;
	return XDP_PASS;
}
