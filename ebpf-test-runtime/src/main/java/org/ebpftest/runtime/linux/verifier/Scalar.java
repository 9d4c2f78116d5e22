package org.ebpftest.runtime.linux.verifier;

/**
 * A scalar's possible values as a wrapped interval: every value from {@code lo} upwards to
 * {@code hi}, modulo 2^64, so that it holds both unsigned ranges and signed ranges that cross zero;
 * with a {@code stride} above 1 only every stride-th of them ({@code lo}, {@code lo + stride}, ...
 * {@code hi}), as an index shifted left leaves it.
 *
 * <p>The verifier's whole promise rests on {@link #exact}: an exact scalar holds a subset of the
 * values the kernel's own tnum-and-bounds state holds at the same point (the exact image of the
 * operations applied so far, never widened). A branch that an exact scalar leaves undecided is
 * therefore undecided for the kernel too, and a bound an exact scalar breaks, the kernel's breaks
 * as well. A coarse scalar ({@code exact == false}) holds anything; nothing is refused because of
 * it and a branch it cannot decide makes the path uncertain.
 */
record Scalar(long lo, long hi, boolean exact, long stride) {
    static final Scalar UNKNOWN = new Scalar(0, -1, true);
    static final Scalar COARSE = new Scalar(0, -1, false);

    /** Normalises the stride: 1 for constants and coarse values. */
    Scalar {
        if (lo == hi || !exact || stride < 1) {
            stride = 1;
        }
    }

    /** Every value from lo to hi. */
    Scalar(long lo, long hi, boolean exact) {
        this(lo, hi, exact, 1);
    }

    static Scalar constant(long v) {
        return new Scalar(v, v, true);
    }

    /** What a zero-extending load of {@code bytes} bytes gives. */
    static Scalar ofBytes(int bytes) {
        return bytes >= 8 ? UNKNOWN : new Scalar(0, (1L << (8 * bytes)) - 1, true);
    }

    /** What a sign-extending load of {@code bytes} bytes gives. */
    static Scalar ofSignedBytes(int bytes) {
        return bytes >= 8 ? UNKNOWN : new Scalar(-(1L << (8 * bytes - 1)), (1L << (8 * bytes - 1)) - 1, true);
    }

    boolean isConst() {
        return lo == hi;
    }

    boolean isFull() {
        return stride == 1 && hi - lo == -1;
    }

    /** True when every value between lo and hi is held (no stride). */
    boolean contiguous() {
        return stride == 1;
    }

    /** True when the interval does not wrap past 2^64-1 (an unsigned interval). */
    boolean unsignedPlain() {
        return Long.compareUnsigned(lo, hi) <= 0;
    }

    /** True when the interval does not wrap past the signed maximum (a signed interval). */
    boolean signedPlain() {
        return lo <= hi;
    }

    long umin() {
        return unsignedPlain() ? lo : firstFrom(0);
    }

    long umax() {
        return unsignedPlain() ? hi : firstFrom(0) - stride;
    }

    long smin() {
        return signedPlain() ? lo : firstFrom(Long.MIN_VALUE);
    }

    long smax() {
        return signedPlain() ? hi : firstFrom(Long.MIN_VALUE) - stride;
    }

    /**
     * For an interval that wraps past {@code boundary} (0 for unsigned, the signed minimum for
     * signed): its first value at or past the boundary, counting up from lo; the value before it is
     * its last below the boundary. For a strided interval these are its true extremes there.
     */
    private long firstFrom(long boundary) {
        long steps = Long.divideUnsigned(boundary - lo - 1, stride) + 1;
        return lo + steps * stride;
    }

    Scalar coarse() {
        return exact ? COARSE : this;
    }

    boolean within(long ulo, long uhi) {
        return unsignedPlain() && Long.compareUnsigned(lo, ulo) >= 0 && Long.compareUnsigned(hi, uhi) <= 0;
    }

    /** Adds a constant: the exact image of a wrapped interval is the shifted interval. */
    Scalar plus(long c) {
        return isFull() ? this : new Scalar(lo + c, hi + c, exact, stride);
    }

    /**
     * The values that also lie in [{@code ulo}, {@code uhi}] (unsigned, not wrapping), or null when
     * none does; the larger piece when the result is two pieces that one interval cannot hold.
     */
    Scalar intersectUnsigned(long ulo, long uhi) {
        return intersect(new Scalar(ulo, uhi, true));
    }

    /** The values that also lie in the signed interval [{@code slo}, {@code shi}]. */
    Scalar intersectSigned(long slo, long shi) {
        return intersect(new Scalar(slo, shi, true));
    }

    private Scalar intersect(Scalar other) {
        if (stride != 1 || other.stride != 1) {
            return exact ? COARSE : this;
        }
        if (isFull()) {
            return new Scalar(other.lo, other.hi, exact);
        }
        if (other.isFull()) {
            return this;
        }
        // Relative to lo this interval is the plain range [0, len]; other is [a, b], maybe wrapping.
        long len = hi - lo;
        long a = other.lo - lo;
        long b = other.hi - lo;
        if (Long.compareUnsigned(a, b) <= 0) {
            return Long.compareUnsigned(a, len) > 0 ? null : new Scalar(lo + a, lo + minU(len, b), exact);
        }
        long first = minU(b, len);
        if (Long.compareUnsigned(a, len) > 0) {
            return new Scalar(lo, lo + first, exact);
        }
        if (Long.compareUnsigned(first + 1, a) >= 0) {
            return this;
        }
        if (!exact) {
            return this;
        }
        // Two pieces remain, [lo, lo + first] and [lo + a, hi]. Either alone is a subset of the
        // kernel's values, which is all an exact scalar promises; the larger keeps the most of them
        // (for x > 2 then x s<= 4, the negative values, so the kernel's unbounded signed minimum).
        // Branches the dropped piece would leave open may then be decided here: the path walked is
        // one the kernel walks too, and only a refusal on the other is not seen.
        return Long.compareUnsigned(first, len - a) >= 0 ? new Scalar(lo, lo + first, true) : new Scalar(lo + a, hi, true);
    }

    private static long minU(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }

    @Override
    public String toString() {
        if (!exact) {
            return "scalar(coarse)";
        }
        if (isConst()) {
            return Long.toString(lo);
        }
        return isFull() ? "scalar()" : "scalar(" + Long.toUnsignedString(lo) + ".." + Long.toUnsignedString(hi) + ")";
    }
}
