package org.ebpftest.runtime.vm;

/**
 * The semantics of the arithmetic instructions whose meaning is not a plain Java operator, as pure
 * static methods shared by the interpreter and anything else that evaluates eBPF. They follow the
 * kernel (and RFC 9669): division by zero gives 0, modulo by zero leaves the dividend, signed
 * INT_MIN / -1 gives INT_MIN and its modulo 0, shift counts are masked to the operand width, and
 * every 32-bit result is zero-extended to 64 bits.
 */
public final class Alu {
    private static final long LOW32 = 0xffffffffL;

    private Alu() {
    }

    /** Zero-extends the low 32 bits. */
    public static long u32(long v) {
        return v & LOW32;
    }

    /** Unsigned 64-bit division; by zero gives 0. */
    public static long div64(long a, long b) {
        return b == 0 ? 0 : Long.divideUnsigned(a, b);
    }

    /** Unsigned 32-bit division, zero-extended; by zero gives 0. */
    public static long div32(long a, long b) {
        long d = b & LOW32;
        return d == 0 ? 0 : (a & LOW32) / d;
    }

    /** Signed 64-bit division; by zero gives 0, {@code Long.MIN_VALUE / -1} gives {@code Long.MIN_VALUE}. */
    public static long sdiv64(long a, long b) {
        return b == 0 ? 0 : a / b;
    }

    /** Signed 32-bit division, zero-extended; by zero gives 0. */
    public static long sdiv32(long a, long b) {
        int d = (int) b;
        return d == 0 ? 0 : ((int) a / d) & LOW32;
    }

    /** Unsigned 64-bit modulo; by zero leaves the dividend. */
    public static long mod64(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    /** Unsigned 32-bit modulo, zero-extended; by zero leaves the dividend's low 32 bits. */
    public static long mod32(long a, long b) {
        long d = b & LOW32;
        return d == 0 ? a & LOW32 : (a & LOW32) % d;
    }

    /** Signed 64-bit modulo (sign of the dividend); by zero leaves the dividend. */
    public static long smod64(long a, long b) {
        return b == 0 ? a : a % b;
    }

    /** Signed 32-bit modulo, zero-extended; by zero leaves the dividend's low 32 bits. */
    public static long smod32(long a, long b) {
        int d = (int) b;
        return d == 0 ? a & LOW32 : ((int) a % d) & LOW32;
    }

    /** 32-bit logical shift left, count masked to 5 bits, zero-extended. */
    public static long lsh32(long a, long n) {
        return ((int) a << n) & LOW32;
    }

    /** 32-bit logical shift right, count masked to 5 bits. */
    public static long rsh32(long a, long n) {
        return ((int) a >>> n) & LOW32;
    }

    /** 32-bit arithmetic shift right, count masked to 5 bits, zero-extended. */
    public static long arsh32(long a, long n) {
        return ((int) a >> n) & LOW32;
    }

    /** Swaps the bytes of the low 16 bits and clears the rest. */
    public static long bswap16(long v) {
        return Short.reverseBytes((short) v) & 0xffffL;
    }

    /** Swaps the bytes of the low 32 bits and clears the rest. */
    public static long bswap32(long v) {
        return Integer.reverseBytes((int) v) & LOW32;
    }

    /** Swaps all eight bytes. */
    public static long bswap64(long v) {
        return Long.reverseBytes(v);
    }
}
