// An int argument must be passed a scalar: the context pointer in r1 is refused at the call,
// where the kernel adds "Caller passes invalid args into func#1 ('low_bit')".
// kernel: refused: R1 is not a scalar
#include "corpus.h"

__attribute__((noinline)) int low_bit(int x)
{
	return x & 1;
}

SEC("xdp") NAKED
int global_argument_pointer_for_scalar(void)
{
	asm volatile("call low_bit; r0 = 2; exit;");
}
