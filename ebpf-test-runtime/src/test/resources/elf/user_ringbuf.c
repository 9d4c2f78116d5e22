// A user ring buffer drained by a tc program: user space writes records, drain hands each to a
// callback as a dynptr; the callback sums the first u32 of each record into out[0], counts the
// records in out[1] and stops after a record whose first u32 is 99. drain_bad_flags passes a flag
// drain does not know.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 4096);
} commands SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);
} out SEC(".maps");

struct sums {
	__s64 sum;
	__s64 records;
	__s64 sizes;
};

extern __u32 bpf_dynptr_size(const struct bpf_dynptr *p) __ksym;

static long take(struct bpf_dynptr *dynptr, void *ctx)
{
	struct sums *s = ctx;
	__u32 v = 0;

	if (bpf_dynptr_read(&v, sizeof(v), dynptr, 0, 0))
		return 1;
	s->sum += v;
	s->records++;
	s->sizes += bpf_dynptr_size(dynptr);
	return v == 99;
}

static __always_inline void put(__u32 slot, __s64 v)
{
	bpf_map_update_elem(&out, &slot, &v, BPF_ANY);
}

SEC("tc")
int drain(struct __sk_buff *skb)
{
	struct sums s = {};
	long n = bpf_user_ringbuf_drain(&commands, take, &s, 0);

	put(0, s.sum);
	put(1, s.records);
	put(2, s.sizes);
	put(3, n);
	return 0;
}

SEC("tc")
int drain_bad_flags(struct __sk_buff *skb)
{
	struct sums s = {};

	return bpf_user_ringbuf_drain(&commands, take, &s, 4);
}

char LICENSE[] SEC("license") = "GPL";
