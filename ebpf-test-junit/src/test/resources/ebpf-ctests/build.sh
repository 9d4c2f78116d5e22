#!/bin/sh
# Rebuilds this module's C test objects with the pinned compiler and the project's include/ebpf_test.h.
# Tests use the committed objects and never need a compiler.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu -I../../../../../include"
clang-14 -O2 -g -target bpf $INC -c xdp_checks.c -o xdp_checks.o
