#!/bin/sh
# Rebuilds the kernel backend's test objects from their C sources with the pinned Debian clang 14.
# Tests use the committed objects and never need a compiler.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu"
for src in records; do
	clang-14 -O2 -g -target bpf $INC -c "$src.c" -o "$src.o"
done
