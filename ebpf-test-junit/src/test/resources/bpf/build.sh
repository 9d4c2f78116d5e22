#!/bin/sh
# Rebuilds the extension's own test objects from their C sources, with the same pinned compiler as
# the runtime's test objects. Tests use the committed objects and never need a compiler.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu"
for src in recorder sampled; do
	clang-14 -O2 -g -target bpf $INC -c "$src.c" -o "$src.o"
done
