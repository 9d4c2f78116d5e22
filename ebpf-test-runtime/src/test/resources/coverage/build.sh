#!/bin/sh
# Rebuilds the coverage test object from its C source, in this directory so that line info names
# the source relative to it. Tests use the committed object and never need a compiler.
set -eu
cd "$(dirname "$0")"
clang-14 -O2 -g -target bpf "-I/usr/include/$(uname -m)-linux-gnu" -c branches.c -o branches.o
