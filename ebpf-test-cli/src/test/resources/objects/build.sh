#!/bin/sh
# Rebuilds raw_args.o and repeat.o from their sources with the pinned compiler (Debian clang 14). The other objects
# the tests use are the runtime's (ebpf-test-runtime/src/test/resources/elf). Tests use the
# committed objects and never need a compiler.
set -eu
cd "$(dirname "$0")"
clang-14 -O2 -g -target bpf "-I/usr/include/$(uname -m)-linux-gnu" -c raw_args.c -o raw_args.o
clang-14 -O2 -g -target bpf "-I/usr/include/$(uname -m)-linux-gnu" -c repeat.c -o repeat.o
