package org.ebpftest.runtime.vm;

/**
 * The conditions of the conditional jumps, as pure static methods shared by the interpreter and
 * anything else that evaluates eBPF: one method per {@link org.ebpftest.runtime.isa.JumpOp}, the
 * plain ones comparing all 64 bits (JMP class), the {@code 32} ones only the low halves (JMP32
 * class). An immediate operand is passed sign-extended to 64 bits, as the instruction set says.
 * The compiler writes the same conditions as JVM comparisons ({@code ProgramCompiler.conditionalJump},
 * which HotSpot need not inline); {@code JitTest} compares the two on the edge values of every form.
 */
final class Branch {
    private static final long LOW32 = 0xffffffffL;

    private Branch() {
    }

    /** dst == src. */
    public static boolean jeq(long a, long b) {
        return a == b;
    }

    /** dst != src. */
    public static boolean jne(long a, long b) {
        return a != b;
    }

    /** dst &amp; src != 0. */
    public static boolean jset(long a, long b) {
        return (a & b) != 0;
    }

    /** dst &gt; src, unsigned. */
    public static boolean jgt(long a, long b) {
        return a + Long.MIN_VALUE > b + Long.MIN_VALUE;
    }

    /** dst &gt;= src, unsigned. */
    public static boolean jge(long a, long b) {
        return a + Long.MIN_VALUE >= b + Long.MIN_VALUE;
    }

    /** dst &lt; src, unsigned. */
    public static boolean jlt(long a, long b) {
        return a + Long.MIN_VALUE < b + Long.MIN_VALUE;
    }

    /** dst &lt;= src, unsigned. */
    public static boolean jle(long a, long b) {
        return a + Long.MIN_VALUE <= b + Long.MIN_VALUE;
    }

    /** dst &gt; src, signed. */
    public static boolean jsgt(long a, long b) {
        return a > b;
    }

    /** dst &gt;= src, signed. */
    public static boolean jsge(long a, long b) {
        return a >= b;
    }

    /** dst &lt; src, signed. */
    public static boolean jslt(long a, long b) {
        return a < b;
    }

    /** dst &lt;= src, signed. */
    public static boolean jsle(long a, long b) {
        return a <= b;
    }

    /** wdst == wsrc. */
    public static boolean jeq32(long a, long b) {
        return (int) a == (int) b;
    }

    /** wdst != wsrc. */
    public static boolean jne32(long a, long b) {
        return (int) a != (int) b;
    }

    /** wdst &amp; wsrc != 0. */
    public static boolean jset32(long a, long b) {
        return ((int) a & (int) b) != 0;
    }

    /** wdst &gt; wsrc, unsigned. */
    public static boolean jgt32(long a, long b) {
        return (a & LOW32) > (b & LOW32);
    }

    /** wdst &gt;= wsrc, unsigned. */
    public static boolean jge32(long a, long b) {
        return (a & LOW32) >= (b & LOW32);
    }

    /** wdst &lt; wsrc, unsigned. */
    public static boolean jlt32(long a, long b) {
        return (a & LOW32) < (b & LOW32);
    }

    /** wdst &lt;= wsrc, unsigned. */
    public static boolean jle32(long a, long b) {
        return (a & LOW32) <= (b & LOW32);
    }

    /** wdst &gt; wsrc, signed. */
    public static boolean jsgt32(long a, long b) {
        return (int) a > (int) b;
    }

    /** wdst &gt;= wsrc, signed. */
    public static boolean jsge32(long a, long b) {
        return (int) a >= (int) b;
    }

    /** wdst &lt; wsrc, signed. */
    public static boolean jslt32(long a, long b) {
        return (int) a < (int) b;
    }

    /** wdst &lt;= wsrc, signed. */
    public static boolean jsle32(long a, long b) {
        return (int) a <= (int) b;
    }
}
