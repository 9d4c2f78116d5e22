#!/bin/sh
# Rebuilds the skeleton generator's test object with the pinned compiler (clang-14: btf_decl_tag
# needs 14 or later). Tests use the committed object and never need a compiler.
set -eu
cd "$(dirname "$0")"
clang-14 -O2 -g -target bpf -I"/usr/include/$(uname -m)-linux-gnu" -c layouts.c -o layouts.o
