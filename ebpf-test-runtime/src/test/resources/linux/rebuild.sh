#!/bin/sh
# Rebuilds the raw instruction files the Linux emulator tests load (clang 14, -O2):
# the bytes of each program's section, relocation-free because the programs use no maps.
set -e
cd "$(dirname "$0")"
build() {
	clang -O2 -g -target bpf -I/usr/include/$(uname -m)-linux-gnu -c "$1.c" -o "/tmp/$1.o"
	llvm-objcopy -O binary --only-section="$2" "/tmp/$1.o" "$1.bin"
}
build xdp_adj xdp
build tc_ops tc
build skb_fields tc && mv skb_fields.bin tc_fields.bin
build skb_fields socket && mv skb_fields.bin sf_len.bin
build ldabs tc && mv ldabs.bin tc_ldabs.bin
build ldabs socket && mv ldabs.bin sf_ldabs.bin
