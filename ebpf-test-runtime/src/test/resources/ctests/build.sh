#!/bin/sh
# Rebuilds the C test objects from their sources with the pinned compiler. Tests use the committed
# objects and never need a compiler.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu -I../../../../../include"
for src in suite suite_failing annotated annotated_failing btf_path btf_path_target; do
	clang-14 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c "$src.c" -o "$src.o"
done
