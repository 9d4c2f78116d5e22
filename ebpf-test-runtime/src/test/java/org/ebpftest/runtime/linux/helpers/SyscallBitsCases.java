package org.ebpftest.runtime.linux.helpers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The contexts syscall_bits.c's {@code count_bits} runs on ({@code struct bits_args}), shared by
 * BitsIteratorTest (answers recorded from Linux 6.18) and SyscallKernelTest (the kernel itself).
 */
public final class SyscallBitsCases {
    /** Where {@code err}, {@code count}, {@code last} and {@code sum} sit in {@code struct bits_args}. */
    public static final int RESULTS = 80;

    /** One run: a name, the context bytes, and the answers Linux 6.18 gave (err, count, last, sum). */
    public record Case(String name, byte[] context, int err, int count, int last, int sum) {
    }

    private SyscallBitsCases() {
    }

    /** The compiled syscall_bits.o. */
    public static byte[] object() throws IOException {
        try (InputStream in = SyscallBitsCases.class.getResourceAsStream("/elf/syscall_bits.o")) {
            return in.readAllBytes();
        }
    }

    /** {@code struct bits_args}: up to eight words, then where to read them from and how many. */
    static byte[] args(long[] words, int nrWords, boolean useAddress, long address) {
        ByteBuffer b = ByteBuffer.allocate(RESULTS + 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) {
            b.putLong(i < words.length ? words[i] : 0);
        }
        b.putLong(address).putInt(useAddress ? 1 : 0).putInt(nrWords);
        return b.array();
    }

    /** The cases, with what this machine's kernel answered for each. */
    public static List<Case> cases() {
        long bad = -4095;
        return List.of(
                new Case("one word, copied into the iterator", args(new long[] {0xf7310}, 1, false, 0), 0, 10, 19, 130),
                new Case("three words, copied to allocated memory", args(new long[] {0x8000000000000001L, 0, 0xf0}, 3, false, 0), 0, 6, 135, 597),
                new Case("eight words", args(new long[] {1L << 63, 1L << 63, 1L << 63, 1L << 63, 1L << 63, 1L << 63, 1L << 63, 1L << 63}, 8, false, 0),
                        0, 8, 511, 2296),
                new Case("zero words is EINVAL", args(new long[] {0xff}, 0, false, 0), -22, 0, -1, 0),
                new Case("512 words, one past BITS_ITER_NR_WORDS_MAX, is E2BIG", args(new long[] {0xff}, 512, false, 0), -7, 0, -1, 0),
                new Case("67108865 words, whose bit count wraps to 64, is E2BIG", args(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, 67108865, false, 0),
                        -7, 0, -1, 0),
                new Case("a NULL pointer is EINVAL", args(new long[0], 1, true, 0), -22, 0, -1, 0),
                new Case("an unmapped kernel address is EFAULT (one word)", args(new long[0], 1, true, bad), -14, 0, -1, 0),
                new Case("an unmapped kernel address is EFAULT (four words)", args(new long[0], 4, true, bad), -14, 0, -1, 0),
                new Case("a user address is EFAULT for one word", args(new long[0], 1, true, 0x10000), -14, 0, -1, 0),
                new Case("a user address is ERANGE for four words", args(new long[0], 4, true, 0x10000), -34, 0, -1, 0));
    }
}
