// Reads the socket's state after releasing it: the released pointer is no longer a socket.
// kernel: refused: invalid mem access 'scalar'
#include "corpus.h"

SEC("tc")
NAKED int socket_used_after_release(void)
{
	asm volatile(
		"r6 = r1;"
		"r2 = 0;"
		"*(u64 *)(r10 - 16) = r2;"
		"*(u64 *)(r10 - 8) = r2;"
		"r2 = r10;"
		"r2 += -16;"
		"r3 = 12;"
		"r4 = -1;"
		"r5 = 0;"
		"call %[lookup];"
		"if r0 == 0 goto 1f;"
		"r7 = r0;"
		"r1 = r0;"
		"call %[release];"
		"r0 = *(u32 *)(r7 + 4);"
		"1:"
		"r0 = 0;"
		"exit;"
		:: [lookup] "i"(BPF_FUNC_sk_lookup_tcp), [release] "i"(BPF_FUNC_sk_release)
		: "memory");
}
