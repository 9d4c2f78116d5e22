// The BTF btf_path.c's test resolves its CO-RE relocations against: a struct with the layout a
// "kernel" of its own would have, which no real kernel has.
struct ebpf_test_layout {
	int before;
	int other;
	int wanted;
};

struct ebpf_test_layout layout;
