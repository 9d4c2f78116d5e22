// bpf_core_type_matches against the kernel's BTF: local definitions that match the kernel's
// types (same member names, integers of the same size and signedness, enumerators by name) and
// ones that do not. One program returns a bit per question so that bpftool prog run gives the
// kernel's answers.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct sock;

// members the kernel's struct has, of the same types (a pointer only needs its kind to match)
struct sk_buff___same {
	__u32 mark;
	struct sock *sk;
	unsigned int len;
};

// mark is a __u32 in the kernel, not a 64-bit integer
struct sk_buff___wide {
	__u64 mark;
};

// skb_iif is a signed int in the kernel
struct sk_buff___unsigned {
	unsigned int skb_iif;
};

// a member the kernel's struct does not have
struct sk_buff___extra {
	__u32 mark;
	__u32 no_such_member;
};

// enumerators are matched by name, whatever their values
enum xdp_action___same { XDP_PASS___same = 7, XDP_DROP___same = 9 };
enum xdp_action___extra { XDP_PASS___extra, XDP_NO_SUCH_ACTION___extra };

// a struct nobody else has
struct only_here___same {
	int a;
};

// the kernel's is a union? no: struct bpf_map is a struct, so a union of that name does not match
union bpf_map___union {
	__u32 max_entries;
};

typedef int pid_t___same;
typedef unsigned int pid_t___unsigned;

SEC("xdp")
int type_matches(struct xdp_md *ctx)
{
	return bpf_core_type_matches(struct sk_buff___same)
		| bpf_core_type_matches(struct sk_buff___wide) << 1
		| bpf_core_type_matches(struct sk_buff___unsigned) << 2
		| bpf_core_type_matches(struct sk_buff___extra) << 3
		| bpf_core_type_matches(enum xdp_action___same) << 4
		| bpf_core_type_matches(enum xdp_action___extra) << 5
		| bpf_core_type_matches(struct only_here___same) << 6
		| bpf_core_type_matches(union bpf_map___union) << 7
		| bpf_core_type_matches(pid_t___same) << 8
		| bpf_core_type_matches(pid_t___unsigned) << 9;
}

// existence and size ask for compatible types only: pid_t is an int in the kernel, not a struct
typedef struct only_here___same pid_t___struct;

SEC("xdp")
int type_exists_compatible(struct xdp_md *ctx)
{
	return bpf_core_type_exists(pid_t___same) | bpf_core_type_exists(pid_t___struct) << 1
		| bpf_core_type_size(pid_t___struct) << 4 | bpf_core_type_size(pid_t___unsigned) << 8;
}
