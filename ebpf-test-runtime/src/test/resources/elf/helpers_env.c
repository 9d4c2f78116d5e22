// Helpers that answer from the machine (clocks, randomness, CPU, task, kernel memory) and the map
// helpers, each result in an array map: HelperEnvironmentTest controls the environment and checks
// every slot. Not in the kernel comparison, since a real machine's clocks and tasks differ.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __s64);
} results SEC(".maps");

struct locked {
	struct bpf_spin_lock lock;
	__u32 count;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct locked);
} counter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} table SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 2);
	__type(value, __u32);
} queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} percpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	/* No max_entries: the loader makes one slot per possible CPU, as libbpf does. */
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

static __always_inline void record(__u32 slot, __s64 value)
{
	bpf_map_update_elem(&results, &slot, &value, BPF_ANY);
}

struct bpf_map;

static const char hello[] = "hi %d";
static const char word[] = "abc";

SEC("kprobe/do_nothing")
int env(void *ctx)
{
	char comm[16] = {};
	char buf[8] = {};
	__u64 args[1] = { 7 };

	record(0, bpf_ktime_get_ns());
	record(1, bpf_ktime_get_boot_ns());
	record(3, bpf_ktime_get_tai_ns());
	record(4, bpf_jiffies64());
	record(5, bpf_get_prandom_u32());
	record(6, bpf_get_smp_processor_id());
	record(7, bpf_get_numa_node_id());
	record(8, bpf_get_current_pid_tgid());
	record(9, bpf_get_current_uid_gid());
	record(10, bpf_get_current_comm(comm, sizeof(comm)));
	record(11, *(__s64 *)comm);
	record(12, bpf_trace_printk(hello, sizeof(hello), 5));
	record(13, bpf_trace_vprintk(hello, sizeof(hello), args, sizeof(args)));
	record(14, bpf_strncmp(buf, 4, word));
	record(15, bpf_probe_read_kernel(buf, 8, (void *)0xffff888000001000ULL));
	record(16, *(__s64 *)buf);
	record(17, bpf_probe_read_kernel(buf, 8, (void *)0xffff888000002000ULL));
	record(18, *(__s64 *)buf);
	record(19, bpf_probe_read_user(buf, 4, (void *)0x7f0000001000ULL));
	record(20, *(__s64 *)buf);
	record(21, bpf_probe_read(buf, 2, (void *)0xffff888000001000ULL));
	record(22, bpf_probe_read_user_str(buf, 8, (void *)0x7f0000001000ULL));
	record(23, *(__s64 *)buf);
	record(24, bpf_probe_read_kernel_str(buf, 4, (void *)0xffff888000001000ULL));
	record(25, *(__s64 *)buf);
	record(26, bpf_probe_read_str(buf, 8, (void *)0xffff888000002000ULL));
	return 0;
}

static long add_value(struct bpf_map *map, __u32 *key, __u64 *value, __s64 *sum)
{
	*sum += *value;
	return 0;
}

SEC("xdp")
int maps(struct xdp_md *ctx)
{
	__u32 k = 1, zero = 0, v = 0;
	__u64 val = 40, *p;
	__s64 sum = 0;
	struct locked *l;

	// tracing programs may not read the coarse clock; XDP may
	record(2, bpf_ktime_get_coarse_ns());
	record(30, bpf_map_update_elem(&table, &k, &val, BPF_NOEXIST));
	record(31, bpf_map_update_elem(&table, &k, &val, BPF_NOEXIST));
	p = bpf_map_lookup_elem(&table, &k);
	record(32, p ? *p : -1);
	k = 2;
	val = 2;
	bpf_map_update_elem(&table, &k, &val, BPF_ANY);
	record(33, bpf_for_each_map_elem(&table, add_value, &sum, 0));
	record(34, sum);
	record(35, bpf_map_delete_elem(&table, &k));
	record(36, bpf_map_delete_elem(&table, &k));
	v = 11;
	record(37, bpf_map_push_elem(&queue, &v, 0));
	v = 12;
	bpf_map_push_elem(&queue, &v, 0);
	v = 13;
	record(38, bpf_map_push_elem(&queue, &v, 0));
	record(39, bpf_map_peek_elem(&queue, &v));
	record(40, v);
	record(41, bpf_map_pop_elem(&queue, &v));
	record(42, v);
	p = bpf_map_lookup_percpu_elem(&percpu, &zero, 1);
	if (p)
		*p = 99;
	p = bpf_map_lookup_percpu_elem(&percpu, &zero, 1);
	record(43, p ? *p : -1);
	record(44, bpf_map_lookup_percpu_elem(&percpu, &zero, 64) == 0);
	l = bpf_map_lookup_elem(&counter, &zero);
	if (l) {
		bpf_spin_lock(&l->lock);
		l->count++;
		bpf_spin_unlock(&l->lock);
		record(45, l->count);
	}
	__u32 *sample = bpf_ringbuf_reserve(&events, sizeof(__u32), 0);
	if (sample) {
		*sample = 0xfeed;
		bpf_ringbuf_submit(sample, 0);
	}
	sample = bpf_ringbuf_reserve(&events, sizeof(__u32), 0);
	if (sample)
		bpf_ringbuf_discard(sample, 0);
	record(46, bpf_ringbuf_output(&events, &k, sizeof(k), 0));
	record(47, bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA));
	record(48, bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &k, sizeof(k)));
	return XDP_PASS;
}

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} devs SEC(".maps");

SEC("xdp")
int redirect_via_map(struct xdp_md *ctx)
{
	// an empty slot falls back to the action in the low flag bits
	record(55, bpf_redirect_map(&devs, 1, XDP_PASS));
	return bpf_redirect_map(&devs, 0, 0);
}

SEC("tc")
int hash(struct __sk_buff *skb)
{
	record(50, bpf_get_hash_recalc(skb));
	record(51, skb->hash);
	bpf_set_hash_invalid(skb);
	record(52, skb->hash);
	record(53, bpf_get_hash_recalc(skb));
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
