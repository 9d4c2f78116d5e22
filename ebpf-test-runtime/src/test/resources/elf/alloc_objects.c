// Allocated objects (bpf_obj_new), their lists and rb trees under a bpf_spin_lock, refcounts,
// kptrs stashed in a map value, and work queues. Each program records what the kfuncs answered
// in out[0..15] and returns a value that sums it up; AllocatedObjectsKernelTest runs them in this
// machine's kernel and in the emulator and compares both.
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* The kernel's special structs (this uapi header predates them); the verifier knows them by name and size. */
struct bpf_list_head { __u64 __opaque[2]; } __attribute__((aligned(8)));
struct bpf_list_node { __u64 __opaque[3]; } __attribute__((aligned(8)));
struct bpf_rb_root { __u64 __opaque[2]; } __attribute__((aligned(8)));
struct bpf_rb_node { __u64 __opaque[4]; } __attribute__((aligned(8)));
struct bpf_refcount { __u32 __opaque[1]; } __attribute__((aligned(4)));
struct bpf_wq { __u64 __opaque[2]; } __attribute__((aligned(8)));

extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *kptr, void *meta__ign) __ksym;
extern void *bpf_refcount_acquire_impl(void *kptr, void *meta__ign) __ksym;
extern int bpf_list_push_front_impl(struct bpf_list_head *head, struct bpf_list_node *node, void *meta__ign, __u64 off) __ksym;
extern int bpf_list_push_back_impl(struct bpf_list_head *head, struct bpf_list_node *node, void *meta__ign, __u64 off) __ksym;
extern struct bpf_list_node *bpf_list_pop_front(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_pop_back(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_front(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_back(struct bpf_list_head *head) __ksym;
extern int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node,
			       bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b), void *meta__ign, __u64 off) __ksym;
extern struct bpf_rb_node *bpf_rbtree_first(struct bpf_rb_root *root) __ksym;
extern struct bpf_rb_node *bpf_rbtree_remove(struct bpf_rb_root *root, struct bpf_rb_node *node) __ksym;
extern struct bpf_rb_node *bpf_rbtree_root(struct bpf_rb_root *root) __ksym;
extern struct bpf_rb_node *bpf_rbtree_left(struct bpf_rb_root *root, struct bpf_rb_node *node) __ksym;
extern struct bpf_rb_node *bpf_rbtree_right(struct bpf_rb_root *root, struct bpf_rb_node *node) __ksym;
extern int bpf_wq_init(struct bpf_wq *wq, void *p__map, unsigned int flags) __ksym;
extern int bpf_wq_start(struct bpf_wq *wq, unsigned int flags) __ksym;

#define obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))
#define in_lock_group __attribute__((aligned(8)))

struct item {
	long key;
	struct bpf_list_node link;
	struct bpf_rb_node node;
	struct bpf_refcount ref;
};

struct stash {
	struct item __attribute__((btf_type_tag("kptr"))) *held;
};

struct work {
	int runs;
	struct bpf_wq wq;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64[16]);
} out SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stash);
} stashed SEC(".maps");

/* A stash in a hash element, which bpf_obj_free_fields empties when the element is deleted */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct stash);
} stashed_hash SEC(".maps");

/* The tree's shape: the key at each position of a heap numbering (1 the root, 2p and 2p+1 its children), -1 where no node is */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64[64]);
} shape SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct work);
} works SEC(".maps");

struct bpf_spin_lock lock in_lock_group;
struct bpf_list_head items in_lock_group contains(item, link);
struct bpf_rb_root tree in_lock_group contains(item, node);

static __always_inline __s64 *slots(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&out, &zero);
}

static bool less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct item, node)->key < container_of(b, struct item, node)->key;
}

static __always_inline struct item *item(long key)
{
	struct item *i = obj_new(struct item);

	if (i)
		i->key = key;
	return i;
}

/* Keys 1, 2, 3 pushed back, back, front: pops answer 3 (front) then 2 (back), front and back peek 1. */
SEC("tc")
int list_order(struct __sk_buff *skb)
{
	struct bpf_list_node *n;
	struct item *a, *b, *c;
	__s64 *o = slots();
	long sum = 0;

	if (!o)
		return 1;
	a = item(1);
	b = item(2);
	c = item(3);
	if (!a || !b || !c) {
		if (a)
			bpf_obj_drop_impl(a, NULL);
		if (b)
			bpf_obj_drop_impl(b, NULL);
		if (c)
			bpf_obj_drop_impl(c, NULL);
		return 2;
	}
	bpf_spin_lock(&lock);
	o[0] = bpf_list_push_back_impl(&items, &a->link, NULL, 0);
	o[1] = bpf_list_push_back_impl(&items, &b->link, NULL, 0);
	o[2] = bpf_list_push_front_impl(&items, &c->link, NULL, 0);
	n = bpf_list_front(&items);
	o[3] = n ? container_of(n, struct item, link)->key : -1;
	n = bpf_list_back(&items);
	o[4] = n ? container_of(n, struct item, link)->key : -1;
	n = bpf_list_pop_front(&items);
	bpf_spin_unlock(&lock);
	if (n) {
		o[5] = container_of(n, struct item, link)->key;
		bpf_obj_drop_impl(container_of(n, struct item, link), NULL);
	}
	bpf_spin_lock(&lock);
	n = bpf_list_pop_back(&items);
	bpf_spin_unlock(&lock);
	if (n) {
		o[6] = container_of(n, struct item, link)->key;
		bpf_obj_drop_impl(container_of(n, struct item, link), NULL);
	}
	bpf_spin_lock(&lock);
	n = bpf_list_front(&items);
	o[7] = n ? container_of(n, struct item, link)->key : -1;
	n = bpf_list_pop_front(&items);
	bpf_spin_unlock(&lock);
	if (n) {
		o[8] = container_of(n, struct item, link)->key;
		bpf_obj_drop_impl(container_of(n, struct item, link), NULL);
	}
	bpf_spin_lock(&lock);
	n = bpf_list_pop_front(&items);
	bpf_spin_unlock(&lock);
	o[9] = n != NULL;
	if (n)
		bpf_obj_drop_impl(container_of(n, struct item, link), NULL);
	for (int i = 0; i < 10; i++)
		sum = sum * 10 + o[i];
	return sum & 0xffff;
}

/* Keys 5, 1, 3 and a second 3: the tree gives them back least first, equal keys in insertion order. */
SEC("tc")
int tree_order(struct __sk_buff *skb)
{
	long keys[4] = {5, 1, 3, 3};
	struct bpf_rb_node *n;
	__s64 *o = slots();
	long sum = 0;

	if (!o)
		return 1;
	for (int i = 0; i < 4; i++) {
		struct item *it = item(keys[i]);

		if (!it)
			return 2;
		bpf_spin_lock(&lock);
		o[i] = bpf_rbtree_add_impl(&tree, &it->node, less, NULL, 0);
		bpf_spin_unlock(&lock);
	}
	for (int i = 0; i < 5; i++) {
		bpf_spin_lock(&lock);
		n = bpf_rbtree_first(&tree);
		if (!n) {
			bpf_spin_unlock(&lock);
			o[4 + i] = -1;
			break;
		}
		o[4 + i] = container_of(n, struct item, node)->key;
		n = bpf_rbtree_remove(&tree, n);
		bpf_spin_unlock(&lock);
		if (n)
			bpf_obj_drop_impl(container_of(n, struct item, node), NULL);
	}
	for (int i = 0; i < 9; i++)
		sum = sum * 3 + o[i] + 1;
	return sum & 0xffff;
}

static __always_inline void record_shape(__s64 *into)
{
	for (int pos = 1; pos < 32; pos++) {
		struct bpf_rb_node *n;
		int depth = pos >= 16 ? 4 : pos >= 8 ? 3 : pos >= 4 ? 2 : pos >= 2 ? 1 : 0;

		bpf_spin_lock(&lock);
		n = bpf_rbtree_root(&tree);
		for (int d = 3; d >= 0 && n; d--) {
			if (d >= depth)
				continue;
			n = (pos >> d) & 1 ? bpf_rbtree_right(&tree, n) : bpf_rbtree_left(&tree, n);
		}
		into[pos] = n ? container_of(n, struct item, node)->key : -1;
		bpf_spin_unlock(&lock);
	}
}

static __always_inline int remove_node(bool least)
{
	struct bpf_rb_node *n;

	bpf_spin_lock(&lock);
	n = least ? bpf_rbtree_first(&tree) : bpf_rbtree_root(&tree);
	if (n)
		n = bpf_rbtree_remove(&tree, n);
	bpf_spin_unlock(&lock);
	if (!n)
		return 0;
	bpf_obj_drop_impl(container_of(n, struct item, node), NULL);
	return 1;
}

/*
 * Fifteen keys (one twice) into the tree, its shape, the shape again after five removals (the
 * root and the least node in turn), then the tree emptied: the shape shows the kernel's balancing.
 */
SEC("tc")
int tree_shape(struct __sk_buff *skb)
{
	long keys[15] = {8, 3, 10, 1, 6, 14, 4, 7, 13, 2, 5, 9, 11, 12, 6};
	__u32 zero = 0;
	__s64 *sh = bpf_map_lookup_elem(&shape, &zero);
	int removed = 0;

	if (!sh)
		return -1;
	for (int i = 0; i < 15; i++) {
		struct item *it = item(keys[i]);

		if (!it)
			return -2;
		bpf_spin_lock(&lock);
		bpf_rbtree_add_impl(&tree, &it->node, less, NULL, 0);
		bpf_spin_unlock(&lock);
	}
	record_shape(sh);
	for (int i = 0; i < 5; i++)
		removed += remove_node(i & 1);
	record_shape(sh + 32);
	for (int i = 0; i < 16; i++)
		removed += remove_node(true);
	return removed;
}

/*
 * A refcounted item in both the list and the tree: pushing it into the list a second time fails
 * with -EINVAL (the reference passed is dropped), removing it from the tree leaves the list's
 * reference alive, and the stash keeps it alive across runs.
 */
SEC("tc")
int refcount_and_stash(struct __sk_buff *skb)
{
	struct item *i, *m, *again, *old;
	struct bpf_list_node *l;
	struct bpf_rb_node *r;
	struct stash *s;
	__u32 zero = 0;
	__s64 *o = slots();

	s = bpf_map_lookup_elem(&stashed, &zero);
	if (!o || !s)
		return 1;
	i = item(42);
	if (!i)
		return 2;
	m = bpf_refcount_acquire_impl(i, NULL);
	again = bpf_refcount_acquire_impl(i, NULL);
	bpf_spin_lock(&lock);
	o[0] = bpf_rbtree_add_impl(&tree, &i->node, less, NULL, 0);
	o[1] = bpf_list_push_back_impl(&items, &m->link, NULL, 0);
	bpf_spin_unlock(&lock);
	if (again) {
		bpf_spin_lock(&lock);
		o[2] = bpf_list_push_front_impl(&items, &again->link, NULL, 0);
		bpf_spin_unlock(&lock);
	}
	bpf_spin_lock(&lock);
	r = bpf_rbtree_first(&tree);
	if (r)
		r = bpf_rbtree_remove(&tree, r);
	bpf_spin_unlock(&lock);
	o[3] = r != NULL;
	if (r)
		bpf_obj_drop_impl(container_of(r, struct item, node), NULL);
	bpf_spin_lock(&lock);
	l = bpf_list_pop_front(&items);
	bpf_spin_unlock(&lock);
	if (!l)
		return 3;
	i = container_of(l, struct item, link);
	o[4] = i->key;
	old = bpf_kptr_xchg(&s->held, i);
	o[5] = old != NULL;
	if (old)
		bpf_obj_drop_impl(old, NULL);
	return o[0] * 1000 + o[1] * 100 + o[2] + o[3] * 10 + o[4];
}

/* Takes back what refcount_and_stash stashed: its key, or -1 when the stash is empty. */
SEC("tc")
int unstash(struct __sk_buff *skb)
{
	struct stash *s;
	struct item *i;
	__u32 zero = 0;
	long key;

	s = bpf_map_lookup_elem(&stashed, &zero);
	if (!s)
		return 1;
	i = bpf_kptr_xchg(&s->held, NULL);
	if (!i)
		return -1;
	key = i->key;
	bpf_obj_drop_impl(i, NULL);
	return key;
}

/*
 * Work queue errors: a start before init, flags, a second init, a start without a callback. Linux
 * 6.18 refuses bpf_wq_set_callback_impl in programs that cannot sleep (alloc_wq_callback.c), so a
 * tc program cannot start work that would run.
 */
SEC("tc")
int work_queue(struct __sk_buff *skb)
{
	struct work *w;
	__u32 zero = 0;
	__s64 *o = slots();

	w = bpf_map_lookup_elem(&works, &zero);
	if (!o || !w)
		return 1;
	o[0] = bpf_wq_start(&w->wq, 0);
	o[1] = bpf_wq_init(&w->wq, &works, 1);
	o[2] = bpf_wq_init(&w->wq, &works, 0);
	o[3] = bpf_wq_init(&w->wq, &works, 0);
	o[4] = bpf_wq_start(&w->wq, 1);
	o[5] = bpf_wq_start(&w->wq, 0);
	return -(o[0] + o[1] * 10 + o[2] * 100 + o[3] * 1000 + o[4] * 10000 + o[5] * 100000);
}

/* Stashes a new object with key 7 in element 0 of the hash: 0, or 1 when an object was there already. */
SEC("tc")
int stash_in_hash(struct __sk_buff *skb)
{
	struct stash empty = {}, *s;
	struct item *i, *old;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&stashed_hash, &zero);
	if (!s) {
		bpf_map_update_elem(&stashed_hash, &zero, &empty, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&stashed_hash, &zero);
		if (!s)
			return -1;
	}
	i = item(7);
	if (!i)
		return -2;
	old = bpf_kptr_xchg(&s->held, i);
	if (!old)
		return 0;
	bpf_obj_drop_impl(old, NULL);
	return 1;
}

char _license[] SEC("license") = "GPL";
