package org.ebpftest.runtime.linux.verifier;

/**
 * The kernel's own state of a scalar register ({@code struct bpf_reg_state}: the tnum
 * {@code var_off} as value and mask, the 64-bit and 32-bit signed and unsigned bounds), for the
 * operations whose result the kernel knows less precisely than their exact image: a left shift,
 * after which it keeps no signed bounds unless the shift is by 32, and an arithmetic right shift
 * of values one interval cannot hold.
 *
 * <p>{@link #of} gives the best state for an exact {@link Scalar}'s values. The kernel's state at
 * the same point is at least that wide (it holds those values), and its operations on scalars are
 * monotone (a wider state in, a wider one out), so the state {@link #lsh} or {@link #arsh} computes
 * here with the kernel's rules ({@code scalar_min_max_lsh}, {@code scalar_min_max_arsh} and their
 * tnum operations in Linux 6.18) holds only values the kernel's holds. {@link #values} gives them
 * as a scalar where one strided interval holds exactly them; the verifier may then take them as
 * the result, which keeps its promise (an exact scalar holds a subset of the kernel's values) while
 * seeing the bounds the kernel loses, such as the unbounded minimum a shifted signed index has.
 * 32-bit bounds are kept as longs: signed ones within int range, unsigned ones within [0, 2^32).
 */
record KernelBounds(long value, long mask, long smin, long smax, long umin, long umax, long s32min, long s32max, long u32min, long u32max) {
    private static final long U32_MAX = 0xffffffffL;

    /** The best state for a scalar's values, or null when it is coarse or its stride is no power of two. */
    static KernelBounds of(Scalar m) {
        if (!m.exact() || Long.bitCount(m.stride()) != 1) {
            return null;
        }
        long s = m.stride();
        int j = Long.numberOfTrailingZeros(s);
        boolean cycle = m.hi() - m.lo() == -s;
        long mask;
        if (m.isConst()) {
            mask = 0;
        } else {
            // the quotients lo >>> j, lo >>> j + 1, ... form a contiguous range of 64 - j bits
            long qa = m.lo() >>> j;
            long qb = m.hi() >>> j;
            long bits;
            if (cycle || Long.compareUnsigned(qa, qb) > 0) {
                bits = -1;
            } else {
                int p = 64 - Long.numberOfLeadingZeros(qa ^ qb);
                bits = p == 64 ? -1 : (1L << p) - 1;
            }
            mask = bits << j;
        }
        long value = m.lo() & ~mask;
        long[] b32 = bounds32(m, j, cycle);
        return new KernelBounds(value, mask, m.smin(), m.smax(), m.umin(), m.umax(), b32[0], b32[1], b32[2], b32[3]);
    }

    /** The signed and unsigned bounds of the low 32 bits of a strided interval's values. */
    private static long[] bounds32(Scalar m, int j, boolean cycle) {
        if (j >= 32 || m.isConst()) {
            return new long[] {(int) m.lo(), (int) m.lo(), m.lo() & U32_MAX, m.lo() & U32_MAX};
        }
        long s = m.stride();
        long residue = m.lo() & (s - 1);
        long steps = Long.divideUnsigned(m.hi() - m.lo(), s);
        long lo32 = m.lo() & U32_MAX;
        long hi32 = m.hi() & U32_MAX;
        boolean all = cycle || Long.compareUnsigned(steps, (1L << (32 - j)) - 1) >= 0;
        long s32lo = Integer.MIN_VALUE + residue;
        long s32hi = Integer.MAX_VALUE - s + 1 + residue;
        long u32lo = residue;
        long u32hi = U32_MAX - s + 1 + residue;
        if (!all) {
            if ((int) m.lo() <= (int) m.hi()) {
                s32lo = (int) m.lo();
                s32hi = (int) m.hi();
            }
            if (lo32 <= hi32) {
                u32lo = lo32;
                u32hi = hi32;
            }
        }
        return new long[] {s32lo, s32hi, u32lo, u32hi};
    }

    /**
     * {@code dst <<= k} for a constant k, 64-bit: by 32 the signed bounds are the 32-bit ones
     * shifted (Linux 6.18 allows negative ones there), by any other amount none are kept; the
     * unsigned ones are shifted unless a bit may fall off the top; the 32-bit ones likewise, with
     * no signed ones; the tnum is shifted.
     */
    KernelBounds lsh(int k) {
        long nsmin = Long.MIN_VALUE;
        long nsmax = Long.MAX_VALUE;
        if (k == 32) {
            nsmin = s32min << 32;
            nsmax = s32max << 32;
        }
        long numin = 0;
        long numax = -1;
        if (Long.compareUnsigned(umax, 1L << (63 - k)) <= 0) {
            numin = umin << k;
            numax = umax << k;
        }
        long nu32min = 0;
        long nu32max = U32_MAX;
        if (k <= 31 && u32max <= 1L << (31 - k)) {
            nu32min = (u32min << k) & U32_MAX;
            nu32max = (u32max << k) & U32_MAX;
        }
        return new KernelBounds(value << k, mask << k, nsmin, nsmax, numin, numax, Integer.MIN_VALUE, Integer.MAX_VALUE, nu32min, nu32max);
    }

    /**
     * {@code dst s>>= k} for a constant k, 64-bit: the signed bounds shifted, the tnum shifted
     * arithmetically, the unsigned and 32-bit bounds forgotten (the kernel takes them from the
     * tnum afterwards).
     */
    KernelBounds arsh(int k) {
        return new KernelBounds(value >> k, mask >> k, smin >> k, smax >> k, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, U32_MAX);
    }

    /**
     * {@code dst >>= k} for a constant k, 64-bit ({@code scalar_min_max_rsh}): the tnum and the
     * unsigned bounds shifted, the signed and 32-bit bounds forgotten (the kernel takes them from the
     * tnum and the unsigned bounds afterwards, so they exclude nothing these do not).
     */
    KernelBounds rsh(int k) {
        return new KernelBounds(value >>> k, mask >>> k, Long.MIN_VALUE, Long.MAX_VALUE, umin >>> k, umax >>> k, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0, U32_MAX);
    }

    /**
     * Every value this state holds, as a strided interval; null when one cannot hold exactly them
     * (a tnum whose unknown bits are not one run, bounds that cut the values in two) or none.
     */
    Scalar values() {
        Scalar tnum;
        if (mask == 0) {
            tnum = Scalar.constant(value);
        } else {
            int j = Long.numberOfTrailingZeros(mask);
            long run = mask >>> j;
            if ((run & (run + 1)) != 0 || j == 63) {
                return null;
            }
            tnum = new Scalar(value, value | mask, true, 1L << j);
        }
        Scalar out = intersect(tnum, umin, umax, 0);
        out = out == null ? null : intersect(out, smin, smax, Long.MIN_VALUE);
        if (out == null) {
            return null;
        }
        KernelBounds b = of(out);
        boolean within32 = b.s32min >= s32min && b.s32max <= s32max && b.u32min >= u32min && b.u32max <= u32max;
        return within32 ? normalised(out) : null;
    }

    /**
     * The values of a strided interval that lie in [a, b] in the order that starts at
     * {@code origin} (0 for unsigned, the signed minimum for signed); null when none do or when
     * they are two pieces.
     */
    private static Scalar intersect(Scalar arc, long a, long b, long origin) {
        long s = arc.stride();
        // in the order that starts at origin, y = x - origin: [from, to] is plain there
        long lo = arc.lo() - origin;
        long hi = arc.hi() - origin;
        long from = a - origin;
        long to = b - origin;
        long residue = lo & (s - 1);
        long[] piece;
        if (Long.compareUnsigned(lo, hi) <= 0) {
            piece = plainPiece(lo, hi, from, to, residue, s);
        } else {
            // the arc goes round: its part from the bottom to hi, then its part from lo to the top,
            // which join where hi + s is lo (a whole cycle)
            long[] bottom = plainPiece(residue, hi, from, to, residue, s);
            long[] top = plainPiece(lo, -s + residue, from, to, residue, s);
            if (bottom != null && top != null) {
                if (bottom[1] + s != top[0]) {
                    return null;
                }
                piece = new long[] {bottom[0], top[1]};
            } else {
                piece = bottom != null ? bottom : top;
            }
        }
        return piece == null ? null : new Scalar(piece[0] + origin, piece[1] + origin, true, s);
    }

    /** The values of the plain strided range [lo, hi] within [from, to], all unsigned; null when none. */
    private static long[] plainPiece(long lo, long hi, long from, long to, long residue, long s) {
        long first = maxU(lo, from);
        long up = first + ((residue - first) & (s - 1));
        long last = minU(hi, to);
        long down = last - ((last - residue) & (s - 1));
        if (Long.compareUnsigned(up, first) < 0 || Long.compareUnsigned(down, last) > 0 || Long.compareUnsigned(up, down) > 0) {
            return null;
        }
        return new long[] {up, down};
    }

    private static long maxU(long x, long y) {
        return Long.compareUnsigned(x, y) >= 0 ? x : y;
    }

    private static long minU(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }

    /** A whole cycle of a stride starts at its least signed value, so that equal sets compare equal. */
    static Scalar normalised(Scalar arc) {
        long s = arc.stride();
        if (s > 1 && arc.hi() - arc.lo() == -s) {
            long first = Long.MIN_VALUE | (arc.lo() & (s - 1));
            return new Scalar(first, first - s, true, s);
        }
        return arc;
    }
}
