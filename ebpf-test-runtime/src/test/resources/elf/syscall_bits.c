// Syscall programs for bpf_prog_test_run_syscall and the bits iterator kfuncs: the context is the
// caller's ctx_in, copied back after the run.
#include <linux/bpf.h>
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))
#define __ksym __attribute__((section(".ksyms")))

struct bpf_iter_bits {
	__u64 __opaque[2];
} __attribute__((aligned(8)));

extern int bpf_iter_bits_new(struct bpf_iter_bits *it, const __u64 *unsafe_ptr__ign, __u32 nr_words) __ksym;
extern int *bpf_iter_bits_next(struct bpf_iter_bits *it) __ksym;
extern void bpf_iter_bits_destroy(struct bpf_iter_bits *it) __ksym;

struct bits_args {
	__u64 words[8];
	__u64 address;   /* where the words are read from when use_address is set (0 for NULL) */
	__u32 use_address;
	__u32 nr_words;
	__s32 err;       /* what bpf_iter_bits_new answered */
	__s32 count;     /* how many bits the iterator gave */
	__s32 last;      /* the last bit it gave, -1 for none */
	__s32 sum;       /* the sum of the bits it gave */
};

SEC("syscall")
int count_bits(struct bits_args *args)
{
	struct bpf_iter_bits it;
	const __u64 *from = args->use_address ? (const __u64 *)args->address : args->words;
	int *bit;
	int count = 0, last = -1, sum = 0;

	args->err = bpf_iter_bits_new(&it, from, args->nr_words);
	while ((bit = bpf_iter_bits_next(&it))) {
		count++;
		last = *bit;
		sum += *bit;
	}
	bpf_iter_bits_destroy(&it);
	args->count = count;
	args->last = last;
	args->sum = sum;
	return count;
}

struct echo_args {
	__u32 in;
	__u32 out;
};

SEC("syscall")
int echo(struct echo_args *args)
{
	args->out = args->in * 3 + 1;
	return args->in + 7;
}

SEC("syscall")
int no_context(void *ctx)
{
	return 42;
}

char _license[] SEC("license") = "GPL";
