package org.ebpftest.runtime.linux;

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
     * csum_partial: the ones' complement sum of {@code len} bytes as little-endian 16-bit words
     * (a trailing odd byte counts as a low byte), added to {@code seed}. Any 32-bit value the
     * kernel's assembly returns folds to the same 16 bits as this one.
     */
    public static int partial(byte[] b, int off, int len, int seed) {
        long sum = seed & 0xffffffffL;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            sum += (b[off + i] & 0xff) | (b[off + i + 1] & 0xff) << 8;
        }
        if (i < len) {
            sum += b[off + i] & 0xff;
        }
        while ((sum >>> 32) != 0) {
            sum = (sum & 0xffffffffL) + (sum >>> 32);
        }
        return (int) sum;
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
