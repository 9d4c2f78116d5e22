// Stands in for a kernel's BTF for core_typedef_enum.c: the same typedef'd enum with other values.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef enum { LEVEL_LOW = 0, LEVEL_MID = 1, LEVEL_HIGH = 2 } level_t;

level_t level;

char LICENSE[] SEC("license") = "GPL";
