#!/bin/sh
# Rebuilds the test objects from their C sources; they are copies of the runtime's fixtures of the
# same name. Tests use the committed objects and never need a compiler. Pinned compiler: clang 14.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu"
for src in maps globals; do
	clang-14 -O2 -g -target bpf $INC -c "$src.c" -o "$src.o"
done
