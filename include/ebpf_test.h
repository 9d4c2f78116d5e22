/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ebpf_test.h: tests written in C for ebpf-test, in the shape of the kernel selftests' test_loader.
 *
 * A test is an eBPF program whose function carries annotations, stored as BTF declaration tags (so
 * compile with -g); ebpf-test's engine and `ebpf-test test OBJECT.o` read them:
 *
 *	SEC("xdp") __description("drops TCP SYNs") __retval(XDP_DROP)
 *	int drops_syn(struct xdp_md *ctx) { ... }
 *
 *	__retval(N)        run the program once on 64 zero bytes (test_loader's input) and expect
 *	                   N: a number, INT_MIN, POINTER_VALUE (any value), TEST_DATA_LEN, or a
 *	                   return-code name of the program's type (XDP_DROP, TC_ACT_SHOT, ...)
 *	__success          the verifier accepts the program (the default)
 *	__failure          the verifier refuses the program; __msg("text") is what it says
 *	__description(s)   the test's name in reports (the function's name otherwise)
 *	__auxiliary        not a test: a program that tests use (a tail-call target, ...)
 *	__btf_path(file)   resolve the object's CO-RE relocations against the BTF of that file
 *	                   (raw BTF or an object file, beside the object), as libbpf's
 *	                   btf_custom_path; against the emulated kernel's BTF otherwise
 *
 * The tag strings are those of the kernel's tools/testing/selftests/bpf/progs/bpf_misc.h, so
 * objects annotated with either header run alike; where that header is included first, its
 * definitions are kept.
 *
 * Assertions end the test at once, print where and what failed through bpf_printk, and return
 * EBPF_TEST_FAILED; the runner reports the printed line as the test's failure:
 *
 *	expect(ip->protocol == IPPROTO_TCP);
 *	expect_eq(ctx->data_end - ctx->data, 64);
 */
#ifndef EBPF_TEST_H
#define EBPF_TEST_H

#include <bpf/bpf_helpers.h>

#define __ebpf_test_str(x) #x
#define __ebpf_test_xstr(x) __ebpf_test_str(x)

#ifndef __success
#define __success __attribute__((btf_decl_tag("comment:test_expect_success")))
#endif
#ifndef __failure
#define __failure __attribute__((btf_decl_tag("comment:test_expect_failure")))
#endif
#ifndef __retval
#define __retval(val) __attribute__((btf_decl_tag("comment:test_retval=" #val)))
#endif
#ifndef __msg
#define __msg(msg) __attribute__((btf_decl_tag("comment:test_expect_msg=" __ebpf_test_xstr(__COUNTER__) "=" msg)))
#endif
#ifndef __description
#define __description(desc) __attribute__((btf_decl_tag("comment:test_description=" desc)))
#endif
#ifndef __auxiliary
#define __auxiliary __attribute__((btf_decl_tag("comment:test_auxiliary")))
#endif
#ifndef __btf_path
#define __btf_path(path) __attribute__((btf_decl_tag("comment:test_btf_path=" path)))
#endif

/* What a failed assertion returns; the runner reports the assertion's line rather than the value. */
#define EBPF_TEST_FAILED (-4095)

/* Every assertion message starts with this, which is how the runner tells it from other output. */
#define EBPF_TEST_MARK "ebpf-test: "

#define __ebpf_test_where __FILE__ ":" __ebpf_test_xstr(__LINE__)

/* Ends the test as failed unless cond holds. */
#define expect(cond)									\
	do {										\
		if (!(cond)) {								\
			bpf_printk(EBPF_TEST_MARK __ebpf_test_where ": expected " #cond);	\
			return EBPF_TEST_FAILED;					\
		}									\
	} while (0)

/* Ends the test as failed unless a == b, printing both values as signed 64-bit numbers. */
#define expect_eq(a, b)									\
	do {										\
		long long __ebpf_test_a = (long long)(a), __ebpf_test_b = (long long)(b);	\
		if (__ebpf_test_a != __ebpf_test_b) {					\
			bpf_printk(EBPF_TEST_MARK __ebpf_test_where ": expected " #a " == " #b	\
				   ", but was %lld and %lld", __ebpf_test_a, __ebpf_test_b);	\
			return EBPF_TEST_FAILED;					\
		}									\
	} while (0)

/* Ends the test as failed, with a message. */
#define fail(msg)									\
	do {										\
		bpf_printk(EBPF_TEST_MARK __ebpf_test_where ": " msg);			\
		return EBPF_TEST_FAILED;						\
	} while (0)

#endif /* EBPF_TEST_H */
