#!/bin/sh
# Rebuilds the test objects from their C sources. Tests use the committed objects and never need
# a compiler. Pinned compilers: Debian clang 14 for the default objects, clang 19 for -mcpu=v4.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu"
for src in programs same_section timers timer_lock timer_inner timer_inner_mismatch timer_inner_direct timer_inner_tracing timer_nobtf timer_percpu timer_tracing timer_callback_ret xdp_frags maps legacy_maps globals callbacks core core_target keyed_maps helpers_misc fib helpers_net helpers_env replay probe_ranges program_array_types program_array_mixed helper_edges spin_lock_misuse ringbuf_misuse big_maps lazy_maps tail_frames externs ksym_read kconfig_unknown dead_code unsupported_maps tc_legacy section_prefixes sockets socket_casts xdp_kfuncs dynptr dynptr_rdwr cgroup_storage unchecked_read map_fields sk_storage user_ringbuf conntrack ct_nat kfunc_refusals current_task bad_map_fd ringbuf_sizes large_program per_cpu kconfig_values sized_at_load core_typedef_enum core_typedef_enum_target core_patch core_patch_target core_enum_unsigned core_kernel_target core_anonymous redirect_broadcast global_spin_lock xskmap sockmap_lookup tier_up pruning_dead_registers pruning_precise_offset pruning_iterator_loop struct_ops_members struct_ops_unplaced xdp_map_programs skb_gso xdp_frag_slice syncookies autoload; do
	clang-14 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c "$src.c" -o "$src.o"
done
clang-19 -O2 -g -target bpf -mcpu=v4 $INC -c v4.c -o v4.o
clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-prefix-map="$(pwd)"=. $INC -c may_goto.c -o may_goto.o
clang-19 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c core_type_matches.c -o core_type_matches.o
# CO-RE candidates: 64-bit enums (BTF_KIND_ENUM64) need clang 15 or later
for src in core_compat core_compat_target core_ambiguous_offset_target core_ambiguous_size_target core_ambiguous_enum_target; do
	clang-19 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c "$src.c" -o "$src.o"
done
# arena code needs clang 19's address spaces (addr_space_cast); line info names sources relative to here
for src in arena arena_globals; do
	clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-prefix-map="$(pwd)"=. $INC -c "$src.c" -o "$src.o"
done
clang-14 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c core_unresolved.c -o core_unresolved.o
clang-14 -O2 -g -target bpfeb $INC -c programs.c -o programs_bpfeb.o
clang-19 -O2 -g -target bpf $INC -c kinds.c -o kinds.o
# clang 14 drops the kptr type tag of a struct member, which the kernel needs to see a __kptr field
for src in alloc_objects alloc_wq_callback wq_syscall wq_inner lifecycle percpu_obj; do
	clang-19 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c "$src.c" -o "$src.o"
done
# the kernel's socket structs through bpf_rdonly_cast, whose type id is a CO-RE relocation against the kernel's BTF
clang-19 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c sock_fields.c -o sock_fields.o
# globals.o without its BTF, for loading an object whose global variables have no names
llvm-objcopy --remove-section .BTF --remove-section .BTF.ext globals.o globals_nobtf.o
# syscall, lwt, raw_tp and tracing programs: built where debug info names the source relative to this directory
clang-14 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c syscall_bits.c -o syscall_bits.o
clang-14 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c lwt.c -o lwt.o
clang-14 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c raw_tp.c -o raw_tp.o
clang-14 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c tracing_runs.c -o tracing_runs.o
clang-14 -O2 -g -target bpf $INC -fdebug-prefix-map="$(pwd)"=. -c netfilter.c -o netfilter.o
