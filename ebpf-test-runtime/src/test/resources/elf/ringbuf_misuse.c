// Programs that pass bpf_ringbuf_submit and bpf_ringbuf_discard a pointer that is not the one
// bpf_ringbuf_reserve returned. The kernel's verifier refuses them; the emulator, which runs
// programs without a verifier, must trap naming the helper and the pointer (RingBufMisuseTest).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

SEC("xdp")
int submit_moved(struct xdp_md *ctx)
{
	char *sample = bpf_ringbuf_reserve(&rb, 16, 0);

	if (!sample)
		return 1;
	bpf_ringbuf_submit(sample + 7, 0);
	return 2;
}

SEC("xdp")
int discard_moved(struct xdp_md *ctx)
{
	char *sample = bpf_ringbuf_reserve(&rb, 16, 0);

	if (!sample)
		return 1;
	bpf_ringbuf_discard(sample + 8, 0);
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
