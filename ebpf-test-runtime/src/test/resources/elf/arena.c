// BPF arena (BPF_MAP_TYPE_ARENA): pages a program allocates with bpf_arena_alloc_pages and reaches
// through __arena pointers, which clang casts between address spaces (addr_space_cast). The map
// sets its user address (map_extra, below 4 GiB as libbpf 1.1 reads it as __uint), so loaders
// without arena support load it too. Each program returns what it found, or the step that failed.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define __arena __attribute__((address_space(1)))
#define PAGE 4096
#define NUMA_NO_NODE (-1)
#define USER_START 0x40000000ull
#define BPF_MAP_TYPE_ARENA 33

void __arena *bpf_arena_alloc_pages(void *map, void __arena *addr, __u32 page_cnt, int node_id, __u64 flags) __ksym;
void bpf_arena_free_pages(void *map, void __arena *ptr, __u32 page_cnt) __ksym;
int bpf_arena_reserve_pages(void *map, void __arena *ptr, __u32 page_cnt) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARENA);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 4);
	__uint(map_extra, USER_START);
} arena SEC(".maps");

SEC("xdp")
int alloc_write_read(struct xdp_md *ctx)
{
	volatile int __arena *a, *b, *none;

	a = bpf_arena_alloc_pages(&arena, NULL, 1, NUMA_NO_NODE, 0);
	if (!a)
		return 1;
	b = bpf_arena_alloc_pages(&arena, NULL, 1, NUMA_NO_NODE, 0);
	if (!b)
		return 2;
	*a = 10;
	*b = 20;
	if ((unsigned long)a != USER_START || (unsigned long)b != USER_START + PAGE)
		return 3;
	if (*a + *b != 30)
		return 4;
	bpf_arena_free_pages(&arena, (void __arena *)b, 1);
	if (*b != 0) /* a freed page reads as zero */
		return 5;
	*b = 7; /* and a store to it is dropped */
	if (*b != 0)
		return 6;
	none = bpf_arena_alloc_pages(&arena, NULL, 1, NUMA_NO_NODE, 0);
	if (none != b) /* the lowest free page comes back */
		return 7;
	if (*none != 0)
		return 8;
	return 100 + *a;
}

SEC("xdp")
int too_many_pages(struct xdp_md *ctx)
{
	void __arena *all = bpf_arena_alloc_pages(&arena, NULL, 5, NUMA_NO_NODE, 0);

	return all ? 1 : 2;
}

SEC("xdp")
int fixed_address(struct xdp_md *ctx)
{
	char __arena *at = (char __arena *)(USER_START + 3 * PAGE);
	char __arena *p = bpf_arena_alloc_pages(&arena, at, 1, NUMA_NO_NODE, 0);
	char __arena *again = bpf_arena_alloc_pages(&arena, at, 1, NUMA_NO_NODE, 0);
	char __arena *unaligned = bpf_arena_alloc_pages(&arena, at + 1, 1, NUMA_NO_NODE, 0);

	if (p != at)
		return 1;
	if (again) /* the page is taken */
		return 2;
	if (unaligned)
		return 3;
	p[PAGE - 1] = 5;
	return p[PAGE - 1] + p[PAGE] /* past the arena: reads zero */;
}

SEC("xdp")
int reserve_then_alloc(struct xdp_md *ctx)
{
	volatile char __arena *first = (volatile char __arena *)USER_START;
	char __arena *p;

	if (bpf_arena_reserve_pages(&arena, (void __arena *)first, 2) != 0)
		return 1;
	if (bpf_arena_reserve_pages(&arena, (void __arena *)first, 1) != -16 /* EBUSY */)
		return 2;
	p = bpf_arena_alloc_pages(&arena, NULL, 1, NUMA_NO_NODE, 0);
	if (p != first + 2 * PAGE) /* reserved pages are skipped */
		return 3;
	*first = 9; /* a reserved page has no memory: the store is dropped */
	return 10 + *first;
}

/* An __arena pointer cast to the kernel's address space keeps its low 32 bits: what the program
 * sees of it after the cast back. */
SEC("xdp")
int casts_keep_the_offset(struct xdp_md *ctx)
{
	char __arena *p = bpf_arena_alloc_pages(&arena, NULL, 1, NUMA_NO_NODE, 0);
	char __arena *q;

	if (!p)
		return 1;
	q = p + 100;
	*q = 42;
	return (unsigned long)q - USER_START + *q;
}

char _license[] SEC("license") = "GPL";
