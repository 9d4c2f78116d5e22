// A test whose CO-RE relocations resolve against the BTF of another file (__btf_path), as the
// selftests' test_loader opens such objects with libbpf's btf_custom_path.
#include <linux/bpf.h>
#include <bpf/bpf_core_read.h>
#include "ebpf_test.h"

char LICENSE[] SEC("license") = "GPL";

struct ebpf_test_layout {
	int wanted;
} __attribute__((preserve_access_index));

SEC("tc") __btf_path("btf_path_target.o") __retval(8)
int offset_from_the_target(struct __sk_buff *skb)
{
	return bpf_core_field_offset(struct ebpf_test_layout, wanted);
}

SEC("tc") __btf_path("no_such_file.o") __retval(0)
int target_file_missing(struct __sk_buff *skb)
{
	return 0;
}
