// Maps of types the emulator does not model, declared beside a program that never uses them.
// Linux creates them and loads the program (bpftool prog loadall), which returns XDP_PASS.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} sessions SEC(".maps");

struct {
	__uint(type, 32); // BPF_MAP_TYPE_CGRP_STORAGE, newer than these headers
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u32);
} commands SEC(".maps");

SEC("xdp")
int ignores_them(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
