/* Shared includes of the verifier corpus: every case includes this and nothing else, so a case
 * file shows only what its verdict depends on. */
#ifndef CORPUS_H
#define CORPUS_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* A function written entirely in BPF assembly, for instruction sequences clang would not emit. */
#define NAKED __attribute__((naked))

#ifndef CORPUS_LICENSE
#define CORPUS_LICENSE "GPL"
#endif
char LICENSE[] SEC("license") = CORPUS_LICENSE;

#endif
