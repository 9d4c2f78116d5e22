// Global data of every kind: .data, .rodata, .bss, custom .data.* and .rodata.* sections, and
// string literals in .rodata.str1.1.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct stats {
	__u64 pkts;
	__u64 bytes;
};

int verbose = 1;                         // .data
__u64 limit_hi = 0x1122334455667788ULL;  // .data
const volatile __u32 threshold = 100;    // .rodata
const volatile char label[8] = "edge";   // .rodata
struct stats totals;                     // .bss
__u32 drops;                             // .bss
__u32 extra_a SEC(".data.extra") = 7;    // .data.extra
__u32 extra_b SEC(".data.extra") = 9;    // .data.extra
const volatile __u16 ports[3] SEC(".rodata.cfg") = { 22, 80, 443 };

SEC("xdp")
int globals(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	totals.pkts++;
	totals.bytes += len;
	if (len > threshold) {
		drops++;
		if (verbose)
			bpf_printk("drop %u on %s", len, label);
		return XDP_DROP;
	}
	if (len == ports[1] || len == ports[2])
		extra_a += extra_b;
	if (limit_hi == 0)
		bpf_trace_printk("literal %u\n", sizeof("literal %u\n"), len);
	return XDP_PASS;
}
