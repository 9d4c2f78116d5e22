// Stands in for a kernel's BTF for core_patch.c: the same fields with other sizes and places.
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef long long __s64;

struct cp_value {
	__u64 narrow;
	__u32 wide;
	__s64 sgn;
};

struct cp_value value;
