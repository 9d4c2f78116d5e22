// Records what Linux answers for user_ringbuf.c (UserRingBufTest pins it): writes records into
// commands with libbpf's user_ring_buffer API, test-runs a program twice and prints its return value
// and out. Build: gcc -O1 user_ringbuf_kernel.c -o user_ringbuf_kernel -lbpf; run as root:
//   ./user_ringbuf_kernel user_ringbuf.o drain 5:4 7:12 99:8 11:4   (value:length of each record)
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
/* writes records into commands, runs drain, prints retval and out; argv: values (each record: u32 value + pad bytes) */
int main(int argc, char **argv)
{
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) { printf("load failed\n"); return 1; }
	int rfd = bpf_object__find_map_fd_by_name(obj, "commands");
	int ofd = bpf_object__find_map_fd_by_name(obj, "out");
	struct user_ring_buffer *rb = user_ring_buffer__new(rfd, NULL);
	for (int i = 3; i < argc; i++) {
		unsigned v, len;
		sscanf(argv[i], "%u:%u", &v, &len);
		void *s = user_ring_buffer__reserve(rb, len);
		if (!s) { printf("reserve %d failed\n", i); continue; }
		memset(s, 0, len);
		memcpy(s, &v, 4);
		user_ring_buffer__submit(rb, s);
	}
	char pkt[60] = {0}; pkt[12] = 8; pkt[14] = 0x45;
	for (int r = 0; r < 2; r++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt));
		int pfd = bpf_program__fd(bpf_object__find_program_by_name(obj, argv[2]));
		int err = bpf_prog_test_run_opts(pfd, &o);
		printf("run %d err %d retval %d out", r, err, (int)o.retval);
		for (unsigned k = 0; k < 4; k++) { long long v = 0; bpf_map_lookup_elem(ofd, &k, &v); printf(" %lld", v); }
		printf("\n");
	}
	return 0;
}
