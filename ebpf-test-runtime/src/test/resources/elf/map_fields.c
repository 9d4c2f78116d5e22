// Fields of struct bpf_map read through map pointers, as programs read them with CO-RE (the
// selftests' map_ptr_kern.c pattern): a local struct naming the fields it reads, relocated to the
// kernel's layout. read_fields stores what it read in out (the map's hash too); dead_field reads a
// field the kernel does not have only where bpf_core_field_exists says it exists, so libbpf's
// poisoned instruction is dead;
// read_ops reads a kernel pointer, which the emulator does not model.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct bpf_map {
	enum bpf_map_type map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u64 map_extra;
	__u32 map_flags;
	__u32 id;
	int numa_node;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	_Bool frozen;
	const void *ops;
	__u8 sha[32];
	__u32 no_such_field;
} __attribute__((preserve_access_index));

struct bpf_array {
	struct bpf_map map;
	__u32 elem_size;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 7);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u64);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 33);
	__uint(key_size, 6);
	__uint(value_size, 10);
} lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} out SEC(".maps");

const volatile __u32 limit = 5;

static __always_inline void put(__u32 slot, __u64 v)
{
	bpf_map_update_elem(&out, &slot, &v, BPF_ANY);
}

SEC("tc")
int read_fields(struct __sk_buff *skb)
{
	struct bpf_map *f = (struct bpf_map *)&flows;
	struct bpf_map *l = (struct bpf_map *)&lru;
	struct bpf_array *o = (struct bpf_array *)&out;

	put(0, f->map_type);
	put(1, f->key_size);
	put(2, f->value_size);
	put(3, f->max_entries);
	put(4, f->map_flags);
	put(5, f->numa_node);
	put(6, f->map_extra);
	put(7, f->btf_value_type_id);
	put(8, l->map_type);
	put(9, l->key_size);
	put(10, l->value_size);
	put(11, l->max_entries);
	put(12, l->btf_key_type_id);
	put(13, l->btf_value_type_id);
	put(14, o->map.max_entries);
	put(15, o->map.value_size);
	put(16, f->id > 0 && l->id > 0 && f->id != l->id);
	put(17, f->frozen);
	put(18, limit);
	/* the map's SHA-256, which the kernel computes only when user space asks for it
	 * (BPF_OBJ_GET_INFO_BY_FD with a hash buffer): zero in a map a loader just created */
	__u64 *hash = (__u64 *)f->sha;
	put(19, hash[0] | hash[1] | hash[2] | hash[3]);
	return f->max_entries + l->max_entries;
}

SEC("tc")
int dead_field(struct __sk_buff *skb)
{
	struct bpf_map *f = (struct bpf_map *)&flows;

	__u32 v = f->key_size;

	if (bpf_core_field_exists(f->no_such_field))
		v += f->no_such_field;
	return v;
}

// The kernel gives a kernel address here; the emulator traps naming the field.
SEC("tc")
int read_ops(struct __sk_buff *skb)
{
	struct bpf_map *f = (struct bpf_map *)&flows;

	return f->ops != 0;
}

char LICENSE[] SEC("license") = "GPL";
