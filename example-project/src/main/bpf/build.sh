#!/bin/sh
# Rebuilds every example object from its C source next to it.
#
# The objects are committed so that tests never need a compiler; rebuild them
# with exactly this clang so that a diff in a .o means a change in a .c.
#
#   ./build.sh            build every *.c in this directory
#   ./build.sh xdp_lb.c   build only the named sources
set -eu

CLANG=${CLANG:-clang-14}
EXPECTED_VERSION="Debian clang version 14.0.6"

cd "$(dirname "$0")"

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "build.sh: $CLANG not found; install Debian's clang-14 (apt-get install clang-14)" >&2
	exit 1
fi
version=$("$CLANG" --version | head -n 1)
case "$version" in
"$EXPECTED_VERSION"*) ;;
*)
	echo "build.sh: expected '$EXPECTED_VERSION', found '$version'" >&2
	echo "build.sh: other versions emit different instructions; set CLANG to a matching binary" >&2
	exit 1
	;;
esac

ARCH_INCLUDE=/usr/include/$(uname -m)-linux-gnu
if [ ! -d "$ARCH_INCLUDE" ]; then
	echo "build.sh: $ARCH_INCLUDE missing (it provides <asm/types.h>); install linux-libc-dev" >&2
	exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
	echo "build.sh: libbpf headers missing; install libbpf-dev" >&2
	exit 1
fi

if [ $# -eq 0 ]; then
	set -- *.c
fi

for src in "$@"; do
	obj=${src%.c}.o
	# The prefix map keeps this checkout's path out of the DWARF in the object.
	"$CLANG" -O2 -g -target bpf -I"$ARCH_INCLUDE" \
		-fdebug-prefix-map="$PWD"=. \
		-c "$src" -o "$obj"
	echo "built $obj"
done
