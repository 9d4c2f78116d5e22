#!/bin/sh
# Rebuilds the debugger's test object from its C source with the pinned clang. Tests use the
# committed object and never need a compiler. -fdebug-prefix-map makes line info name the source
# relative to this directory, whatever the checkout's path, so it is found beside the object.
set -eu
cd "$(dirname "$0")"
INC="-I/usr/include/$(uname -m)-linux-gnu"
clang-14 -O2 -g -target bpf -fdebug-prefix-map="$(pwd)"=. $INC -c debuggee.c -o debuggee.o
