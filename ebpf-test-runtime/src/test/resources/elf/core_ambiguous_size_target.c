// A target BTF for core_compat.c where the two flavours of fc_pairs have int_sizes at the same
// offset but of other sizes: libbpf refuses the object ("relocation decision ambiguity").
struct fc_pairs {
	short int_sizes;
};

struct fc_pairs___v2 {
	int int_sizes;
};

struct fc_pairs pairs;
struct fc_pairs___v2 pairs2;
