/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A minimal writer of the PKTGEN/SETUP/CHECK convention's result map, written for these tests: the
 * map name, its value layout and the status numbers are the protocol Cilium's bpf/tests runner
 * reads (one struct per TEST() in an array "suite_result_map2", statuses 100..103), so objects
 * built with it exercise the same decoding as Cilium's own.
 */
#ifndef SUITE_CONVENTION_H
#define SUITE_CONVENTION_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CT_ERROR 100
#define CT_PASS 101
#define CT_FAIL 102
#define CT_SKIP 103

#define CT_TEXT 256
#define CT_LOGS 64

struct ct_result {
	__u8 valid;
	__u8 pad;
	__u16 n_asserts;
	char name[CT_TEXT];
	int result;
	__u8 n_logs;
	__u8 pad2[3];
	char logs[CT_LOGS][CT_TEXT];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, struct ct_result);
} suite_result_map2 SEC(".maps");

/* The next free slot and the CHECK program's status; globals, so they outlive one TEST(). */
static int ct_next;
static int ct_status;

#define PKTGEN(type, name) SEC(type "/test/" name "/pktgen")
#define SETUP(type, name) SEC(type "/test/" name "/setup")
#define CHECK(type, name) SEC(type "/test/" name "/check")

#define CT_STR(x) #x
#define CT_XSTR(x) CT_STR(x)

/* One named test inside a CHECK program; BODY may leave early with break. */
#define CT_TEST(NAME, BODY)								\
	do {										\
		__u32 __ct_key = ct_next;						\
		struct ct_result *__t = bpf_map_lookup_elem(&suite_result_map2, &__ct_key);	\
		if (!__t)								\
			return CT_ERROR;						\
		__builtin_memcpy(__t->name, NAME, sizeof(NAME));			\
		__t->result = CT_PASS;							\
		__t->n_logs = 0;							\
		__t->n_asserts = 0;							\
		do {									\
			BODY								\
		} while (0);								\
		__t->valid = 1;								\
		ct_next++;								\
		if (__t->result != CT_PASS)						\
			ct_status = __t->result;					\
	} while (0)

#define ct_log(fmt, args...)								\
	do {										\
		__u8 __ct_n = __t->n_logs;						\
		if (__ct_n < CT_LOGS)							\
			BPF_SNPRINTF(__t->logs[__ct_n & (CT_LOGS - 1)], CT_TEXT, fmt, ##args);	\
		__t->n_logs = __ct_n + 1;						\
	} while (0)

/* Fails the current CT_TEST and leaves it. */
#define ct_assert(cond)									\
	__t->n_asserts++;								\
	if (!(cond)) {									\
		ct_log("assert failed at " __FILE__ ":" CT_XSTR(__LINE__) ": " #cond);	\
		__t->result = CT_FAIL;							\
		break;									\
	}

#define ct_skip()									\
	__t->result = CT_SKIP;								\
	break

#define ct_begin() ct_status = CT_PASS
#define ct_end() return ct_status

#endif
