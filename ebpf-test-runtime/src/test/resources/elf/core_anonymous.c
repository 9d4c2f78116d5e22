// CO-RE relocations on members inside anonymous unions (__sk_buff's sk, bpf_fib_lookup's tos), as
// programs built against vmlinux.h read them: libbpf matches the named member through the target's
// anonymous members, and so must the loader.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

SEC("tc")
int offsets(struct __sk_buff *skb)
{
	return bpf_core_field_offset(struct __sk_buff, sk) | bpf_core_field_offset(struct bpf_fib_lookup, tos) << 16;
}

SEC("tc")
int sizes(struct __sk_buff *skb)
{
	return bpf_core_field_size(struct __sk_buff, sk) | bpf_core_field_exists(struct bpf_fib_lookup, tos) << 16;
}

char LICENSE[] SEC("license") = "GPL";
