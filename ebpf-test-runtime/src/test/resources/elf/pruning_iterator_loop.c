// Loops over the kernel's numeric iterator (bpf_iter_num_*) whose counters nothing checks: Linux
// 6.18 loads both programs in a few hundred instructions, because at the iterator's next call it
// widens the scalars that differ from the loop's earlier state there and are not precise, and
// ends the loop once its state lies within that earlier one. A verifier that keeps every counter
// exact sees a new state on every round and walks the loop until its instruction budget runs out.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct bpf_iter_num {
	__u64 opaque[1];
} __attribute__((aligned(8)));

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

/* where the counters end up: stored, never compared, so the verifier need not know them exactly */
__u64 totals[4];

SEC("xdp")
int spilled_counter(struct xdp_md *ctx)
{
	struct bpf_iter_num it;
	/* volatile: kept in a stack slot, filled, incremented and spilled again on every round */
	volatile __u64 rounds = 0;
	__u64 sum = 0;
	int *v;

	bpf_iter_num_new(&it, 0, 1000);
	while ((v = bpf_iter_num_next(&it))) {
		rounds++;
		sum += *v;
	}
	bpf_iter_num_destroy(&it);
	totals[0] = rounds;
	totals[1] = sum;
	return XDP_PASS;
}

SEC("xdp")
int nested_counters(struct xdp_md *ctx)
{
	struct bpf_iter_num outer, inner;
	__u64 cells = 0, rows = 0;
	int *i, *j;

	bpf_iter_num_new(&outer, 0, 100);
	while ((i = bpf_iter_num_next(&outer))) {
		rows++;
		bpf_iter_num_new(&inner, 0, 100);
		while ((j = bpf_iter_num_next(&inner)))
			cells += *i ^ *j;
		bpf_iter_num_destroy(&inner);
	}
	bpf_iter_num_destroy(&outer);
	totals[2] = rows;
	totals[3] = cells;
	return XDP_PASS;
}
