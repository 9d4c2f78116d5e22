// One of every BTF kind, for the BTF reader's tests (clang 19: clang 14 emits no ENUM64).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct opaque;

union number {
	int i;
	float f;
};

enum big { BIG_ONE = 1, BIG_HUGE = 0x100000000ULL };

struct with_tags {
	int __attribute__((btf_type_tag("user"))) *user_ptr;
	int plain __attribute__((btf_decl_tag("marked")));
	double ratio;
	struct opaque *hidden;
	union number num;
	enum big size;
	signed char small:3;
	unsigned int flag:1;
};

struct with_tags tagged;

static __attribute__((noinline)) int sum(int *restrict a, int *restrict b)
{
	return *a + *b;
}

SEC("socket")
int kinds(struct __sk_buff *skb)
{
	int a = skb->len, b = tagged.plain;
	return sum(&a, &b);
}
