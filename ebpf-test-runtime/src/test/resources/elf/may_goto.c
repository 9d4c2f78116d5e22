// Loops bounded by may_goto (ISA v4, clang 19 -mcpu=v4), the instruction behind the can_loop and
// cond_break idioms: it falls through while the frame's loop budget lasts and jumps once it is
// spent. Each program answers the same on Linux, where the budget is a time slice, and in the
// emulator, where it is BPF_MAX_LOOPS iterations: they depend only on whether a loop ran out of
// budget or on its own bound.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* True while this frame's may_goto budget lasts; spends one iteration of it. */
static __always_inline int budget_left(void)
{
	asm volatile goto("may_goto %l[spent]" :::: spent);
	return 1;
spent:
	return 0;
}

/* Many iterations: more than a loop bounded by its own condition ever runs here. */
#define MANY (1UL << 20)

/* Counters start from this global's 0: a value the verifier does not know, so that it does not
 * walk a loop once per count (as it would a constant start, until its instruction limit). */
volatile __u64 start;

// A loop that ends on its own bound long before the budget does: the sum of 3 * i below 100000.
SEC("xdp")
int sum_within_budget(struct xdp_md *ctx)
{
	__u64 sum = 0;

	for (__u32 i = start; i < 100000 && budget_left(); i++)
		sum += 3 * i;
	return sum % 1000003;
}

// A loop with no bound of its own: it ends when the budget is spent, after many iterations.
SEC("xdp")
int runs_until_budget_spent(struct xdp_md *ctx)
{
	__u64 n = start;

	for (;;) {
		if (!budget_left())
			break;
		n++;
	}
	return n >= MANY ? 7 : 1;
}

// Both loops of a frame draw on one budget: once the first has spent it, the second does not run.
SEC("xdp")
int second_loop_finds_budget_spent(struct xdp_md *ctx)
{
	__u64 first = start, second = start;

	while (budget_left())
		first++;
	for (int i = start; i < 10 && budget_left(); i++)
		second++;
	return (first >= MANY ? 100 : 0) + second;
}

static __attribute__((noinline)) int spin(int salt)
{
	__u64 n = start;

	while (budget_left())
		n++;
	return n >= MANY ? salt : 0;
}

// Every call of a subprogram starts with a budget of its own: each spin spends all of its budget,
// and the next call spins as long again.
SEC("xdp")
int each_call_has_its_own_budget(struct xdp_md *ctx)
{
	int hits = start;

	for (int k = start + 1; k <= 3 && budget_left(); k++)
		hits += spin(k);
	return hits;
}

static int spin_callback(__u32 index, void *hits)
{
	__u64 n = start;

	while (budget_left())
		n++;
	if (n >= MANY)
		*(int *)hits += index + 1;
	return 0;
}

// Every call of a bpf_loop callback starts with a budget of its own too: each spends all of it.
SEC("xdp")
int each_callback_has_its_own_budget(struct xdp_md *ctx)
{
	int hits = start;

	bpf_loop(3, spin_callback, &hits, 0);
	return hits;
}

char LICENSE[] SEC("license") = "GPL";
