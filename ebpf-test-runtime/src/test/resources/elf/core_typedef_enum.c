// CO-RE enum value relocations on an enum known only by a typedef (typedef enum { ... } name_t),
// which libbpf finds by the typedef's name; core_typedef_enum_target.c gives the values another order.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

typedef enum { LEVEL_LOW = 0, LEVEL_HIGH = 1 } level_t;

SEC("xdp")
int typedef_enum(struct xdp_md *ctx)
{
	return bpf_core_enum_value(level_t, LEVEL_HIGH) | bpf_core_enum_value_exists(level_t, LEVEL_LOW) << 4;
}

char LICENSE[] SEC("license") = "GPL";
