// Externs the kernel resolves when it loads the object and the emulator does not provide: kfuncs
// and a kernel symbol's address (__ksym), each used only when the first packet byte is 1, and
// __kconfig values. Linux loads every program here (bpftool prog loadall); so does the emulator,
// which traps only when a run reaches the kfunc call.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern const void bpf_prog_put __ksym;
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_EBPF_TEST_NOT_AN_OPTION __kconfig __weak;

static int first_byte(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;

	return data + 1 > end ? -1 : data[0];
}

SEC("xdp")
int kfunc_when_asked(struct xdp_md *ctx)
{
	if (first_byte(ctx) == 1) {
		bpf_rcu_read_lock();
		bpf_rcu_read_unlock();
		return XDP_DROP;
	}
	return XDP_PASS;
}

SEC("xdp")
int ksym_address_when_asked(struct xdp_md *ctx)
{
	unsigned long address = (unsigned long)&bpf_prog_put;

	if (first_byte(ctx) != 1)
		return XDP_PASS;
	/* keeps the compiler from deciding that an object's address is never 0 */
	asm volatile("" : "+r"(address));
	return address != 0 ? XDP_DROP : XDP_ABORTED;
}

/* The kernel's major and minor version (6.18 gives 0x612), plus the unknown weak option (0). */
SEC("xdp")
int kernel_version(struct xdp_md *ctx)
{
	return (LINUX_KERNEL_VERSION >> 8) + CONFIG_EBPF_TEST_NOT_AN_OPTION;
}

char LICENSE[] SEC("license") = "GPL";
