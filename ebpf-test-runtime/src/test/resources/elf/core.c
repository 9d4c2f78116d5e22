// CO-RE relocations: field offsets, sizes, existence and bitfields, type existence and size, enum
// values. The local types stand in for the kernel's; with no kernel BTF they resolve to themselves.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	int pid;
	int tgid;
	unsigned int flags;
	struct task_struct *real_parent;
} __attribute__((preserve_access_index));

struct sock_common {
	unsigned short skc_family;
	unsigned char skc_state;
	unsigned char skc_reuse:4;
	unsigned char skc_reuseport:1;
} __attribute__((preserve_access_index));

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} out SEC(".maps");

static void put(__u32 k, __u64 v)
{
	bpf_map_update_elem(&out, &k, &v, BPF_ANY);
}

SEC("kprobe/do_exit")
int core_reads(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct sock_common *sk = (void *)bpf_get_current_task_btf();
	int ppid = BPF_CORE_READ(t, real_parent, tgid);

	put(0, ppid);
	put(1, bpf_core_field_exists(t->flags));
	put(2, bpf_core_field_size(t->tgid));
	put(3, bpf_core_type_exists(struct sock_common));
	put(4, bpf_core_type_size(struct task_struct));
	put(5, bpf_core_enum_value(enum pid_type, PIDTYPE_TGID));
	put(6, BPF_CORE_READ_BITFIELD_PROBED(sk, skc_reuseport));
	return 0;
}
