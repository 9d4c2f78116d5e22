// In XDP, bpf_get_cgroup_classid is the variant that reads the current task's class id and takes
// no argument (bpf_get_cgroup_classid_curr_proto): r1 need not hold anything.
// kernel: accepted
#include "corpus.h"

SEC("xdp")
NAKED int xdp_calls_current_cgroup_classid(void)
{
	asm volatile(
		"call %[ktime];"
		"call %[classid];"
		"r0 = 2;"
		"exit;"
		:
		: [ktime] "i"(BPF_FUNC_ktime_get_ns), [classid] "i"(BPF_FUNC_get_cgroup_classid)
		: "memory");
}
