// bpf_get_current_task and bpf_get_current_task_btf in an XDP program: in BPF_PROG_TEST_RUN the
// task is the process that asked for the run. Reads pid, tgid and comm with bpf_probe_read_kernel
// and with direct loads at Linux 6.18 x86-64's offsets (the struct below pads to them; no CO-RE,
// so the object means the same on every loader). CurrentTaskKernelTest compares the answers that
// do not depend on the pid.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_618 {
	char pad0[1264];
	int pid;			// offset 1264
	int tgid;			// offset 1268
	char pad1[1752 - 1272];
	char comm[16];			// offset 1752
};

static __always_inline int is_bpftool(const char *c)
{
	return c[0] == 'b' && c[1] == 'p' && c[2] == 'f' && c[3] == 't' && c[4] == 'o' && c[5] == 'o' && c[6] == 'l' && c[7] == 0;
}

// pid == tgid | pid > 0 << 1 | comm is "bpftool" << 2 | both reads succeeded << 3 | comm length + 1 << 8
SEC("xdp")
int task_probe(struct xdp_md *ctx)
{
	struct task_618 *t = (void *)bpf_get_current_task();
	char comm[16] = {};
	int ids[2] = {};
	long a, b;

	a = bpf_probe_read_kernel(ids, sizeof(ids), &t->pid);
	b = bpf_probe_read_kernel_str(comm, sizeof(comm), t->comm);
	return (ids[0] == ids[1]) | (ids[0] > 0) << 1 | is_bpftool(comm) << 2 | (a == 0 && b > 0) << 3 | (b & 0xff) << 8;
}

// The same through the BTF pointer with direct loads.
SEC("xdp")
int task_btf(struct xdp_md *ctx)
{
	struct task_618 *t = (void *)bpf_get_current_task_btf();
	char comm[8];

	__builtin_memcpy(comm, t->comm, 8);
	return (t->pid == t->tgid) | (t->pid > 0) << 1 | is_bpftool(comm) << 2;
}

// The pid and tgid themselves: tgid << 16 | pid (low 16 bits each).
SEC("xdp")
int task_ids(struct xdp_md *ctx)
{
	struct task_618 *t = (void *)bpf_get_current_task_btf();

	return (t->tgid & 0xffff) << 16 | (t->pid & 0xffff);
}

// A member the emulator does not model: task->flags (offset 44).
SEC("xdp")
int task_flags(struct xdp_md *ctx)
{
	unsigned int flags = 0;
	void *t = (void *)bpf_get_current_task();

	bpf_probe_read_kernel(&flags, sizeof(flags), t + 44);
	return flags & 1;
}

char LICENSE[] SEC("license") = "GPL";
