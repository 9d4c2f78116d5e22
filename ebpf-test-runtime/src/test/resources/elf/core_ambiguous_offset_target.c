// A target BTF for core_compat.c where the two flavours of fc_pick have a compatible x at
// different offsets: libbpf refuses the object ("field offset ambiguity").
struct fc_pick {
	int pad;
	int x;
};

struct fc_pick___v2 {
	int x;
};

struct fc_pick pick;
struct fc_pick___v2 pick2;
