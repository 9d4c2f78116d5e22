// A __kconfig value neither Linux nor libbpf knows, declared without __weak: libbpf refuses the
// object ("extern (kcfg) 'CONFIG_EBPF_TEST_NOT_AN_OPTION': value not found"), and so does the emulator.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int CONFIG_EBPF_TEST_NOT_AN_OPTION __kconfig;

SEC("xdp")
int read_option(struct xdp_md *ctx)
{
	return CONFIG_EBPF_TEST_NOT_AN_OPTION ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
