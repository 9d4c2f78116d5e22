#!/bin/sh
# Rebuilds the debugger's test object from its C source with the pinned clang. Tests use the
# committed object and never need a compiler.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu"
clang-14 -O2 -g -target bpf $INC -c debuggee.c -o debuggee.o
