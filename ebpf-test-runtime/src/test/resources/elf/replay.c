// Programs whose result depends on what helpers return from the running kernel, for running them
// on JSON contexts and replaying helper calls captured from a real machine.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

// The x86-64 struct pt_regs a kprobe receives: 21 registers, the first argument (di) at byte 112,
// the second (si) at byte 104. Spelled out so that the object does not depend on the build host.
struct regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct event {
	__u64 first_ns;
	__u64 second_ns;
	__u64 pid_tgid;
	__u64 arg;
	char comm[16];
	__u8 peek[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} events SEC(".maps");

// Records two clock reads, the task, the first argument, the task's name and eight bytes of kernel
// memory at the second argument. Returns 1, or 2 when the kernel memory cannot be read.
SEC("kprobe/do_nanosleep")
int kprobe_sleep(struct regs *ctx)
{
	__u32 zero = 0;
	struct event *e = bpf_map_lookup_elem(&events, &zero);

	if (!e)
		return 0;
	e->first_ns = bpf_ktime_get_ns();
	e->pid_tgid = bpf_get_current_pid_tgid();
	e->arg = ctx->di;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_kernel(e->peek, sizeof(e->peek), (void *)ctx->si) < 0)
		return 2;
	e->second_ns = bpf_ktime_get_ns();
	return 1;
}

// Calls a helper the emulator does not implement: only a replay can answer it.
SEC("kprobe/do_exit")
int kprobe_task(struct regs *ctx)
{
	return bpf_get_current_cgroup_id() != 0 ? 7 : 3;
}

// Samples one packet in two: what bpf_get_prandom_u32 decides, a replay can fix.
SEC("xdp")
int xdp_sample(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_ABORTED;
	return (bpf_get_prandom_u32() & 1) ? XDP_DROP : XDP_PASS;
}
