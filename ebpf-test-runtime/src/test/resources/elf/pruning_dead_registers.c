// A program Linux 6.18 loads in about 75,000 instructions only because its state pruning ignores
// dead registers and imprecise scalars: four branches on packet bytes leave each of r6-r9 either a
// packet pointer or the frame pointer, never read again, and then a 15,000-iteration loop runs. A
// verifier that compares every register walks the loop once for each of the 16 combinations, past
// the 1,000,000-instruction limit. Written in assembly so that the compiler cannot reuse r6-r9.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
__attribute__((naked)) int dead_registers(void)
{
	asm volatile(
		"r2 = *(u32 *)(r1 + 0);"	/* data */
		"r3 = *(u32 *)(r1 + 4);"	/* data_end */
		"r4 = r2;"
		"r4 += 8;"
		"if r4 > r3 goto 2f;"
		"r6 = r10;"
		"r7 = r10;"
		"r8 = r10;"
		"r9 = r10;"
		/* each branch leaves a packet pointer or the frame pointer: dead from here on */
		"r0 = *(u8 *)(r2 + 0);"
		"if r0 > 100 goto +1;"
		"r6 = r2;"
		"r0 = *(u8 *)(r2 + 1);"
		"if r0 > 100 goto +1;"
		"r7 = r2;"
		"r0 = *(u8 *)(r2 + 2);"
		"if r0 > 100 goto +1;"
		"r8 = r2;"
		"r0 = *(u8 *)(r2 + 3);"
		"if r0 > 100 goto +1;"
		"r9 = r2;"
		/* a bounded loop: its counter decides the branch, so the kernel walks every iteration */
		"r5 = 0;"
		"r0 = 0;"
		"1:"
		"r4 = *(u8 *)(r2 + 4);"
		"r0 += r4;"
		"r0 &= 0xffff;"
		"r5 += 1;"
		"if r5 < 15000 goto 1b;"
		"r0 &= 1;"
		"r0 += 1;"	/* XDP_DROP or XDP_PASS */
		"exit;"
		"2:"
		"r0 = 2;"
		"exit;"
		::: "memory");
}
