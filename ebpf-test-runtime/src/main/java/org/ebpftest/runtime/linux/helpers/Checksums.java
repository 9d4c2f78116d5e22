package org.ebpftest.runtime.linux.helpers;

/**
 * The kernel's Internet checksum arithmetic (include/net/checksum.h, lib/checksum.c), bit-exact
 * on a little-endian machine: 16-bit values are the bytes as they sit in memory read as native
 * little-endian numbers, which is how the kernel treats {@code __sum16} and {@code __be16}.
 */
public final class Checksums {
    /** CSUM_MANGLED_0: what a UDP checksum of 0 is written as, since 0 means "no checksum". */
    public static final int CSUM_MANGLED_0 = 0xffff;

    private Checksums() {
    }

    /** csum_add: 32-bit ones' complement addition with end-around carry. */
    public static int add(int a, int b) {
        long s = (a & 0xffffffffL) + (b & 0xffffffffL);
        return (int) (s + (s >>> 32));
    }

    /** csum_sub. */
    public static int sub(int a, int b) {
        return add(a, ~b);
    }

    /** csum_fold: folds a 32-bit partial sum to 16 bits and complements it. */
    public static int fold(int csum) {
        int sum = (csum & 0xffff) + (csum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    /** csum_from32to16: folds a 32-bit partial sum to 16 bits without complementing it. */
    public static int from32to16(int sum) {
        int s = sum + Integer.rotateRight(sum, 16);
        return s >>> 16;
    }

    /**
     * csum_partial as x86-64 computes it (arch/x86/lib/csum-partial_64.c), to the exact 32-bit
     * value: 8-byte little-endian words (a short tail zero-padded) are added with carry into a
     * 64-bit sum in the kernel's order and chains (two interleaved 40-byte chains for 80 bytes and
     * more, then 40, 32, 16, 8 bytes and the tail), each chain ending in {@code adc $0}; the 64-bit
     * sum is then folded to 32 bits. Ones' complement arithmetic has two
     * zeros (0 and 0xffffffff), and which one the kernel returns shows after
     * {@link #from32to16}, so a sum that is only congruent is not enough. The generic
     * lib/checksum.c of other architectures returns other 32-bit values for the same bytes.
     */
    public static int partial(byte[] b, int off, int len, int seed) {
        long sum = seed & 0xffffffffL;
        int at = off;
        int n = len;
        if (n >= 80) {
            long second = 0;
            do {
                sum = addWithCarry(sum, b, at, 5);
                second = addWithCarry(second, b, at + 40, 5);
                at += 80;
                n -= 80;
            } while (n >= 80);
            sum = addWithCarry(sum, second);
        }
        if (n >= 40) {
            sum = addWithCarry(sum, b, at, 5);
            n -= 40;
            at += 40;
        }
        for (int words = 4; words >= 1; words >>= 1) {
            if ((n & 8 * words) != 0) {
                sum = addWithCarry(sum, b, at, words);
                at += 8 * words;
            }
        }
        if ((n & 7) != 0) {
            long trail = 0;
            for (int i = (n & 7) - 1; i >= 0; i--) {
                trail = trail << 8 | (b[at + i] & 0xff);
            }
            sum = addWithCarry(sum, trail);
        }
        // csum_finalize_sum: the upper half of sum + ror64(sum, 32)
        return (int) ((sum + Long.rotateRight(sum, 32)) >>> 32);
    }

    /** One {@code add; adc ...; adc $0} chain over {@code words} little-endian 8-byte words. */
    private static long addWithCarry(long sum, byte[] b, int at, int words) {
        long carry = 0;
        for (int w = 0; w < words; w++) {
            long word = 0;
            for (int i = 7; i >= 0; i--) {
                word = word << 8 | (b[at + 8 * w + i] & 0xff);
            }
            long s = sum + word;
            long out = Long.compareUnsigned(s, sum) < 0 ? 1 : 0;
            long t = s + carry;
            if (carry != 0 && t == 0) {
                out = 1;
            }
            sum = t;
            carry = out;
        }
        // adc $0: the carry of the last word comes back in (it cannot carry out again: a chain
        // never reaches all ones with a carry pending)
        return sum + carry;
    }

    /** {@code add x; adc $0}. */
    private static long addWithCarry(long sum, long x) {
        long s = sum + x;
        return s + (Long.compareUnsigned(s, sum) < 0 ? 1 : 0);
    }

    /** csum16_add: 16-bit ones' complement addition. */
    static int add16(int csum, int addend) {
        int res = (csum + addend) & 0xffff;
        return (res + (res < (addend & 0xffff) ? 1 : 0)) & 0xffff;
    }

    /** csum_replace2: updates a checksum for a 16-bit field changing from {@code from} to {@code to}. */
    public static int replace2(int sum, int from, int to) {
        return ~add16(add16(~sum & 0xffff, ~from & 0xffff), to & 0xffff) & 0xffff;
    }

    /** csum_replace4: updates a checksum for a 32-bit field changing from {@code from} to {@code to}. */
    public static int replace4(int sum, int from, int to) {
        int tmp = sub(~(sum & 0xffff), from);
        return fold(add(tmp, to));
    }

    /** csum_replace_by_diff and its transport variant without CHECKSUM_PARTIAL: applies a precomputed difference. */
    public static int replaceByDiff(int sum, int diff) {
        return fold(add(diff, ~(sum & 0xffff)));
    }

    /** inet_proto_csum_replace4 on a socket buffer that is not CHECKSUM_PARTIAL. */
    public static int protoReplace4(int sum, int from, int to) {
        // csum_partial over { ~from, to } seeded with ~sum: both words are summed as they sit in memory
        int s = add(~(sum & 0xffff), ~from);
        return fold(add(s, to));
    }
}
