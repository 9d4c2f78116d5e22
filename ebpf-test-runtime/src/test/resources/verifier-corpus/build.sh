#!/bin/sh
# Rebuilds the verifier corpus objects from their C sources. Tests use the committed objects and
# never need a compiler. Pinned compilers: Debian clang 14 for every case, except the cases listed
# in V3 (Debian clang 19 with -mcpu=v3, for instructions clang 14 cannot assemble) and V4 (clang 19
# with -mcpu=v4, for sign-extending loads).
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu -I."
V3="context/store_immediate_into_context_field context/atomic_add_on_context arith/modulo_of_word_as_index sockets/atomic_add_on_tcp_sock"
V4="context/xdp_sign_extending_read_of_data context/tc_sign_extending_read_of_data_end context/tc_sign_extending_read_of_mark"
for src in */*.c; do
	case " $V3 " in
	*" ${src%.c} "*) clang-19 -O2 -g -target bpf -mcpu=v3 -fdebug-prefix-map="$(pwd)"=. $INC -c "$src" -o "${src%.c}.o" ;;
	*) case " $V4 " in
		*" ${src%.c} "*) clang-19 -O2 -g -target bpf -mcpu=v4 -fdebug-prefix-map="$(pwd)"=. $INC -c "$src" -o "${src%.c}.o" ;;
		*) clang-14 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c "$src" -o "${src%.c}.o" ;;
		esac ;;
	esac
done
