// Stands in for a kernel's BTF when testing CO-RE: the same type names as core.c with another
// layout, so relocated offsets, sizes and enum values differ from what core.c was compiled with.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct {
	long state;
	unsigned long long start_time;
	int tgid;
	int pid;
	struct task_struct *real_parent;
};

struct sock_common {
	unsigned int skc_hash;
	unsigned short skc_family;
	unsigned char skc_reuse:2;
	unsigned char skc_state:4;
	unsigned char skc_reuseport:1;
};

enum pid_type { PIDTYPE_PID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_TGID };

struct task_struct task;
struct sock_common sk;
enum pid_type kind;
