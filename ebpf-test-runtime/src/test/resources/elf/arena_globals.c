// Global variables in the arena (__arena, section .addr_space.1): libbpf puts them at the start of
// the object's arena map, whose pages they occupy from load on. No map_extra: the arena is wherever
// the loader's mmap() puts it.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __arena __attribute__((address_space(1)))
#define BPF_MAP_TYPE_ARENA 33
#define NUMA_NO_NODE (-1)

void __arena *bpf_arena_alloc_pages(void *map, void __arena *addr, __u32 page_cnt, int node_id, __u64 flags) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARENA);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 8);
} arena SEC(".maps");

int __arena counter = 5;
int __arena * __arena last;

SEC("xdp")
int bump_counter(struct xdp_md *ctx)
{
	int __arena *page = bpf_arena_alloc_pages(&arena, NULL, 1, NUMA_NO_NODE, 0);

	if (!page)
		return 1;
	*page = counter;
	last = page;
	counter += 10;
	return counter;
}

char _license[] SEC("license") = "GPL";
