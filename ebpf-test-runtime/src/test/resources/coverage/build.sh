#!/bin/sh
# Rebuilds the coverage test object from its C source. -fdebug-prefix-map makes line info name the
# source relative to this directory (./branches.c), whatever the checkout's path, so a report finds
# it beside the object. Tests use the committed object and never need a compiler.
set -eu
cd "$(dirname "$0")"
clang-14 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. "-I/usr/include/$(uname -m)-linux-gnu" -c branches.c -o branches.o
