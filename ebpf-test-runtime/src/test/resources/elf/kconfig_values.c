// __kconfig values of every type libbpf fills: integers (decimal and hex), bool, tristate, char,
// strings, and libbpf's own LINUX_* values. Each program returns one of them, so a run answers what
// the object saw at load; the kernel-tagged test loads it into Linux beside the emulator.
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int CONFIG_HZ __kconfig;
extern unsigned long long CONFIG_PHYSICAL_START __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_NF_CONNTRACK __kconfig;
extern char CONFIG_BPF_JIT __kconfig;
extern char CONFIG_DEFAULT_HOSTNAME[8] __kconfig;
extern bool LINUX_HAS_BPF_COOKIE __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
extern bool CONFIG_EBPF_TEST_ABSENT __kconfig __weak;
extern bool LINUX_EBPF_TEST_UNKNOWN __kconfig __weak;

SEC("xdp")
int hz(struct xdp_md *ctx)
{
	return CONFIG_HZ;
}

SEC("xdp")
int physical_start_high(struct xdp_md *ctx)
{
	return CONFIG_PHYSICAL_START >> 12;
}

SEC("xdp")
int flags(struct xdp_md *ctx)
{
	return CONFIG_BPF_SYSCALL | LINUX_HAS_BPF_COOKIE << 1 | LINUX_HAS_SYSCALL_WRAPPER << 2
	       | CONFIG_EBPF_TEST_ABSENT << 3 | LINUX_EBPF_TEST_UNKNOWN << 4;
}

SEC("xdp")
int tristate(struct xdp_md *ctx)
{
	return CONFIG_NF_CONNTRACK;
}

SEC("xdp")
int jit_char(struct xdp_md *ctx)
{
	return CONFIG_BPF_JIT;
}

SEC("xdp")
int hostname(struct xdp_md *ctx)
{
	// the first four bytes of the string, as a little-endian word
	return CONFIG_DEFAULT_HOSTNAME[0] | CONFIG_DEFAULT_HOSTNAME[1] << 8 | CONFIG_DEFAULT_HOSTNAME[2] << 16
	       | CONFIG_DEFAULT_HOSTNAME[3] << 24;
}

char LICENSE[] SEC("license") = "GPL";
