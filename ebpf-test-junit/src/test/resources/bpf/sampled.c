// A program of a type without an emulated context (perf_event): it runs on raw context bytes, not
// on frames, so golden files refuse it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("perf_event")
int sampled(void *ctx)
{
	return 0;
}
