// Asks this machine's kernel (as root) to test-run rx_meta of xdp_kfuncs.o. The metadata kfuncs load
// only into a device-bound XDP program (BPF_F_XDP_DEV_BOUND_ONLY; without it the verifier says
// "metadata kfuncs require device-bound program"), which this machine's bpftool cannot ask for, so
// this loads the object itself, bound to the ifindex given, and prints what BPF_PROG_TEST_RUN
// answers and the io record. On Linux 6.18: binding to lo fails (-EOPNOTSUPP), binding to a veth
// loads, and test_run refuses the device-bound program with -22 (EINVAL) before it runs.
// Build and run: cc -O2 xdp_kfuncs_kernel.c -lbpf -o /tmp/xdp_kfuncs_kernel
//   ip netns add k; ip -n k link add v0 index 2 type veth peer name v1; ip -n k link set v0 up
//   nsenter --net=/run/netns/k /tmp/xdp_kfuncs_kernel xdp_kfuncs.o 2; ip netns del k
#include <stdio.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define XDP_DEV_BOUND_ONLY (1U << 6)

int main(int argc, char **argv)
{
	struct bpf_object *obj = bpf_object__open(argc > 1 ? argv[1] : "xdp_kfuncs.o");
	struct bpf_program *prog;
	unsigned char frame[60] = {0}, value[48] = {0};
	unsigned int zero = 0;

	if (!obj)
		return 1;
	bpf_object__for_each_program(prog, obj) {
		bpf_program__set_flags(prog, bpf_program__flags(prog) | XDP_DEV_BOUND_ONLY);
		bpf_program__set_ifindex(prog, argc > 2 ? atoi(argv[2]) : 1);
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "load failed\n");
		return 1;
	}
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame), .repeat = 1);
	int err = bpf_prog_test_run_opts(bpf_program__fd(bpf_object__find_program_by_name(obj, "rx_meta")), &opts);
	printf("test_run %d retval %u\n", err, opts.retval);
	bpf_map_lookup_elem(bpf_map__fd(bpf_object__find_map_by_name(obj, "io")), &zero, value);
	for (unsigned i = 0; i < sizeof(value); i++)
		printf("%02x", value[i]);
	printf("\n");
	return 0;
}
