#!/bin/sh
# Rebuilds the benchmark objects with Debian's clang 14 (package clang-14). The objects are
# committed; the benchmarks never need clang.
set -eu
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-14}
command -v "$CLANG" >/dev/null || { echo "build.sh: $CLANG not found (apt-get install clang-14 libbpf-dev)" >&2; exit 1; }
"$CLANG" --version | head -1 | grep -q "clang version 14" || { echo "build.sh: $CLANG is not clang 14" >&2; exit 1; }
for c in *.c; do
  "$CLANG" -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. -I"/usr/include/$(uname -m)-linux-gnu" -c "$c" -o "${c%.c}.o"
done
