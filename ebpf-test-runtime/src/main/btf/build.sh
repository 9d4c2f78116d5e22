#!/bin/sh
# Regenerates the target BTF that CO-RE relocations resolve against (KernelBtf): the BTF of the
# Linux kernel the emulator stands for, taken from a running kernel of that version. Run it as is
# on a Linux 6.18 x86-64 machine; the output is the kernel's raw BTF, gzip-compressed without
# a name or time stamp so that the same kernel gives the same bytes.
set -eu
cd "$(dirname "$0")"
SOURCE="${1:-/sys/kernel/btf/vmlinux}"
OUT=../resources/org/ebpftest/runtime/btf
RELEASE="$(uname -r)"
case "$RELEASE" in
6.18.*) ;;
*) echo "the emulator stands for Linux 6.18; this kernel is $RELEASE" >&2; exit 1 ;;
esac
[ "$(uname -m)" = x86_64 ] || { echo "the emulator stands for x86-64; this machine is $(uname -m)" >&2; exit 1; }
mkdir -p "$OUT"
gzip -9 -n -c "$SOURCE" > "$OUT/vmlinux.btf.gz"
{
	echo "# written by src/main/btf/build.sh; do not edit"
	echo "release=$RELEASE"
	echo "machine=$(uname -m)"
	echo "sha256=$(sha256sum "$SOURCE" | cut -d' ' -f1)"
	echo "size=$(wc -c < "$SOURCE" | tr -d ' ')"
} > "$OUT/vmlinux.btf.properties"
ls -l "$OUT/vmlinux.btf.gz"
