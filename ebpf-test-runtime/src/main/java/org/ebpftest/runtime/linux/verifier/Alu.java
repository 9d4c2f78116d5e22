package org.ebpftest.runtime.linux.verifier;

import java.util.Arrays;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * ALU instructions on abstract values. Constants are computed exactly (with the VM's own
 * operation semantics); for other scalars only results that are a subset of the kernel's stay
 * exact: exact images that are one (strided) interval (sums and differences of independent
 * registers, bitwise operations and logical shifts of tnum-shaped values, operations on few values
 * computed one by one), or the kernel's own bounds where they are one (shifts, {@link KernelBounds}),
 * or the unknown value the kernel gives a division, a modulo or a shift by an unknown amount;
 * everything else becomes coarse. Pointer arithmetic follows {@code adjust_ptr_min_max_vals}.
 */
final class Alu {
    private static final long MAX_VAR_OFF = 1L << 29;

    private Alu() {
    }

    static void apply(Semantics sem, State s, int pc, Instruction insn, boolean is64) throws Explorer.Stop {
        int op = insn.opcode() & 0xf0;
        boolean x = (insn.opcode() & 8) != 0;
        int dst = insn.dst();
        if (op == 0xb0) { // MOV
            mov(sem, s, pc, insn, is64, x);
            return;
        }
        if (op == 0x80 || op == 0xd0) { // NEG, END: only dst is read (END's source bit picks the byte order, not a register)
            Reg d = Semantics.read(s, pc, dst);
            Semantics.writeDst(s, pc, dst, unary(op, d, insn, is64));
            return;
        }
        Reg src = x ? Semantics.read(s, pc, insn.src()) : Reg.constant(is64 ? insn.imm() : insn.imm() & 0xffffffffL);
        Reg d = Semantics.read(s, pc, dst);
        checkImmediate(s, pc, insn, op, x, is64);
        if (d.kind() == Kind.UNMODELLED || src.kind() == Kind.UNMODELLED) {
            Semantics.writeDst(s, pc, dst, d.isPointer() || src.isPointer() || d.kind() == Kind.UNMODELLED ? Reg.UNMODELLED : Reg.COARSE_SCALAR);
            return;
        }
        if (d.isPointer() || src.isPointer()) {
            // the scalar added to a pointer decides its offset: the kernel marks it precise
            if (x && d.isScalar()) {
                sem.explorer().precision.use(pc, dst);
            } else if (x && src.isScalar()) {
                sem.explorer().precision.use(pc, insn.src());
            }
            Semantics.writeDst(s, pc, dst, pointer(sem.explorer(), s, pc, insn, op, is64, d, src));
            return;
        }
        // a register with itself or with a copy too: the kernel bounds each operand on its own
        // (r1 -= r1 is -255 to 255 for a byte there), so every combination of their values counts
        Semantics.writeDst(s, pc, dst, Reg.scalar(scalar(op, insn.offset(), d, src, is64)));
    }

    /**
     * The kernel's check_alu_op refuses an immediate divisor of zero and an immediate shift outside
     * the operand's width once both operands have been read, whatever they hold; a register divisor
     * of zero is allowed (the result is defined) and so is a register shift amount.
     */
    private static void checkImmediate(State s, int pc, Instruction insn, int op, boolean x, boolean is64) throws Explorer.Stop {
        if (x) {
            return;
        }
        if ((op == 0x30 || op == 0x90) && insn.imm() == 0) { // DIV, MOD (signed or not)
            throw Explorer.refuse(s, pc, "div by zero");
        }
        boolean shift = op == 0x60 || op == 0x70 || op == 0xc0; // LSH, RSH, ARSH
        if (shift && (insn.imm() < 0 || insn.imm() >= (is64 ? 64 : 32))) {
            throw Explorer.refuse(s, pc, "invalid shift " + insn.imm());
        }
    }

    private static void mov(Semantics sem, State s, int pc, Instruction insn, boolean is64, boolean x) throws Explorer.Stop {
        // check_alu_op looks at the reserved fields before it reads any register
        int off = insn.offset();
        boolean reserved = x ? (insn.imm() != 0 && !(is64 && off == 1)) || !(off == 0 || off == 8 || off == 16 || (is64 && (off == 32 || off == 1)))
                : insn.src() != 0 || off != 0;
        if (reserved) {
            throw Explorer.refuse(s, pc, "BPF_MOV uses reserved fields");
        }
        if (x && is64 && off == 1) { // addr_space_cast (arenas): the pointer itself is not modelled
            if (insn.imm() != 1 && insn.imm() != 1 << 16) {
                throw Explorer.refuse(s, pc, "addr_space_cast insn can only convert between address space 1 and 0");
            }
            if (!sem.explorer().hasArena()) {
                throw Explorer.refuse(s, pc, "addr_space_cast insn can only be used in a program that has an associated arena");
            }
            Semantics.writeDst(s, pc, insn.dst(), Reg.UNMODELLED);
            return;
        }
        if (!x) {
            Semantics.writeDst(s, pc, insn.dst(), Reg.constant(is64 ? insn.imm() : insn.imm() & 0xffffffffL));
            return;
        }
        Reg src = Semantics.read(s, pc, insn.src());
        int signBits = insn.offset();
        if (src.kind() == Kind.UNMODELLED) {
            Semantics.writeDst(s, pc, insn.dst(), Reg.UNMODELLED);
            return;
        }
        if (signBits != 0) { // movsx
            Reg r = src.isScalar() && src.value().isConst() && src.value().exact()
                    ? Reg.constant(signExtend(src.value().lo(), signBits, is64)) : src.isScalar() ? Reg.COARSE_SCALAR : Reg.UNMODELLED;
            Semantics.writeDst(s, pc, insn.dst(), r);
            return;
        }
        if (src.isPointer()) {
            Semantics.writeDst(s, pc, insn.dst(), is64 ? src : Reg.COARSE_SCALAR);
            return;
        }
        Scalar v = src.value();
        if (!is64) {
            if (v.isConst()) {
                Semantics.writeDst(s, pc, insn.dst(), Reg.constant(v.lo() & 0xffffffffL));
                return;
            }
            if (!v.within(0, 0xffffffffL)) {
                Semantics.writeDst(s, pc, insn.dst(), Reg.scalar(lowHalves(v)));
                return;
            }
        }
        // a copy of a scalar shares its identity, so that a branch on one refines both (the kernel's linked registers)
        Reg copy = src;
        if (!v.isConst() && src.link() == 0) {
            int link = sem.explorer().newId();
            copy = src.withLink(link);
            s.set(insn.src(), copy);
        }
        Semantics.writeDst(s, pc, insn.dst(), copy);
    }

    private static Reg unary(int op, Reg d, Instruction insn, boolean is64) {
        if (!d.isScalar()) {
            return d.kind() == Kind.UNMODELLED || d.isPointer() ? Reg.UNMODELLED : Reg.COARSE_SCALAR;
        }
        Scalar v = d.value();
        if (!v.isConst() || !v.exact()) {
            return Reg.COARSE_SCALAR;
        }
        long a = v.lo();
        if (op == 0x80) {
            return Reg.constant(is64 ? -a : (-a) & 0xffffffffL);
        }
        boolean toBig = (insn.opcode() & 8) != 0;
        int bits = insn.imm();
        long r;
        if (!is64 && !toBig) { // to little endian: truncation on x86-64
            r = bits == 16 ? a & 0xffff : bits == 32 ? a & 0xffffffffL : a;
        } else {
            r = switch (bits) {
                case 16 -> org.ebpftest.runtime.vm.Alu.bswap16(a);
                case 32 -> org.ebpftest.runtime.vm.Alu.bswap32(a);
                default -> org.ebpftest.runtime.vm.Alu.bswap64(a);
            };
        }
        return Reg.constant(r);
    }

    static Scalar scalar(int op, int offset, Reg d, Reg src, boolean is64) {
        Scalar a = d.value();
        Scalar b = src.value();
        if (!a.exact() || !b.exact()) {
            return Scalar.COARSE;
        }
        if ((op == 0x60 || op == 0x70 || op == 0xc0) && b.isConst() && Long.compareUnsigned(b.lo(), is64 ? 64 : 32) >= 0) {
            // a register shift amount at or past the width: the kernel computes no range and marks
            // the whole 64-bit register unknown (is_safe_to_compute_dst_reg_range), even for a
            // 32-bit shift of a constant, which the machine would mask to a known result
            return Scalar.UNKNOWN;
        }
        if (a.isConst() && b.isConst()) {
            // the true value, which the kernel's state holds whatever it knows of it (Linux 6.18 does
            // not even divide two constants, and a register divided by 1 is its idiom for unknown)
            return Scalar.constant(constant(op, offset, a.lo(), b.lo(), is64));
        }
        if (op == 0x30 || op == 0x90 || ((op == 0x60 || op == 0x70 || op == 0xc0) && !b.isConst())) {
            // Linux 6.18 computes no bounds for a division or a modulo, nor for a shift by a register
            // it does not know (is_safe_to_compute_dst_reg_range): the whole 64-bit register is
            // unknown, even after a 32-bit operation
            return Scalar.UNKNOWN;
        }
        if (!is64) {
            // a 32-bit operation reads only the low halves: the same image from the set of them
            a = lowHalves(a);
            b = lowHalves(b);
            d = d.withValue(a);
            if (!a.exact() || !b.exact()) {
                return Scalar.COARSE;
            }
        }
        Scalar r = interval(op, a, b, d, is64);
        if (r.exact()) {
            return r;
        }
        if (d.link() != 0 && b.isConst() && (op == 0x00 || op == 0x10)) {
            return r; // a linked register plus a constant: the kernel keeps the link (below)
        }
        Scalar few = enumerated(op, offset, a, b, is64);
        return few != null ? few : r;
    }

    /**
     * The low 32 bits of a scalar's values as one interval, exact where they are one; for fewer than
     * 2^32 consecutive values whose low halves wrap past 2^32 - 1 (two pieces), the larger piece, the
     * one from 0 when they are as large, never a single value (a subset of the kernel's values, but
     * a constant where the kernel knows none could fail its checks of constants); else coarse.
     */
    static Scalar lowHalves(Scalar v) {
        if (v.within(0, 0xffffffffL)) {
            return v;
        }
        long[] t = tnumOf(v, false);
        if (t != null) {
            return ofTnum(t[0], t[1]);
        }
        if (!v.exact() || !v.contiguous()) {
            return Scalar.COARSE;
        }
        long lo = v.lo() & 0xffffffffL;
        long hi = v.hi() & 0xffffffffL;
        if (lo <= hi) {
            return new Scalar(lo, hi, true);
        }
        long top = 0xffffffffL - lo; // values in [lo, 2^32 - 1], less one
        Scalar piece = top > hi ? new Scalar(lo, 0xffffffffL, true) : new Scalar(0, hi, true);
        return piece.isConst() ? Scalar.COARSE : piece;
    }

    /** At most this many pairs of values are combined one by one. */
    private static final int FEW = 1024;

    /**
     * The exact image of an operation on operands with few values, computed value by value (with
     * the machine's own semantics), where those results form one strided interval: every result is
     * one the kernel's bounds hold, which combine each operand's bounds on their own.
     */
    static Scalar enumerated(int op, int offset, Scalar a, Scalar b, boolean is64) {
        long na = count(a);
        long nb = count(b);
        if (na <= 0 || nb <= 0 || na * nb > FEW) {
            return null;
        }
        long[] out = new long[(int) (na * nb)];
        int n = 0;
        for (long i = 0; i < na; i++) {
            long x = a.lo() + i * a.stride();
            for (long j = 0; j < nb; j++) {
                out[n++] = constant(op, offset, x, b.lo() + j * b.stride(), is64);
            }
        }
        long[] values = Arrays.stream(out).distinct().sorted().toArray();
        Scalar r = strided(values);
        if (r == null) {
            // in unsigned order: the same values, their run starting past the signed maximum
            long[] unsigned = Arrays.stream(values).map(v -> v ^ Long.MIN_VALUE).sorted().map(v -> v ^ Long.MIN_VALUE).toArray();
            r = strided(unsigned);
        }
        return r;
    }

    /** The values (in an order where they rise) as one strided interval, or null when their steps differ. */
    private static Scalar strided(long[] v) {
        if (v.length == 1) {
            return Scalar.constant(v[0]);
        }
        long step = v[1] - v[0];
        for (int i = 2; i < v.length; i++) {
            if (v[i] - v[i - 1] != step) {
                return null;
            }
        }
        return step > 0 ? new Scalar(v[0], v[v.length - 1], true, step) : null;
    }

    /** How many values an exact scalar holds, or -1 when more than {@link #FEW}. */
    private static long count(Scalar v) {
        long steps = Long.divideUnsigned(v.hi() - v.lo(), v.stride());
        return Long.compareUnsigned(steps, FEW) >= 0 ? -1 : steps + 1;
    }

    /** The operations whose exact image (or the kernel's own result) is one interval; else coarse. */
    private static Scalar interval(int op, Scalar a, Scalar b, Reg d, boolean is64) {
        // A linked register (a copy of another) keeps the link through adding a constant in the
        // kernel; the verifier does not follow that, so the result must not claim exactness.
        boolean linked = d.link() != 0;
        switch (op) {
            case 0x00: // ADD
            case 0x10: // SUB
                if (b.isConst() && !linked) {
                    long c = op == 0x00 ? b.lo() : -b.lo();
                    if (is64) {
                        return a.plus(c);
                    }
                    Scalar r = a.plus(c);
                    if (a.equals(Scalar.ofBytes(4))) {
                        return a; // every low half, moved round: every low half again
                    }
                    return a.within(0, 0xffffffffL) && r.within(0, 0xffffffffL) ? r : Scalar.COARSE;
                }
                if (op == 0x00 && a.isConst()) {
                    // a constant plus a register: the register's values moved; the kernel gives the
                    // result no identity (only a register plus a constant stays linked), nor does this
                    Scalar r = b.plus(a.lo());
                    return is64 || (b.within(0, 0xffffffffL) && r.within(0, 0xffffffffL)) ? r : Scalar.COARSE;
                }
                return twoRegisters(op, a, b, is64, linked);
            case 0x50: // AND with a low mask
                if (b.isConst() && isLowMask(b.lo()) && (is64 || Long.compareUnsigned(b.lo(), 0xffffffffL) <= 0) && a.unsignedPlain()) {
                    if (Long.compareUnsigned(a.hi(), b.lo()) <= 0 && !linked) {
                        return a;
                    }
                    if (a.lo() == 0 && isLowMask(a.hi()) && a.contiguous()) {
                        return new Scalar(0, Long.compareUnsigned(a.hi(), b.lo()) <= 0 ? a.hi() : b.lo(), true);
                    }
                }
                if (b.isConst() && Long.bitCount(b.lo()) == 1 && (is64 || Long.compareUnsigned(b.lo(), 0xffffffffL) <= 0)
                        && a.unsignedPlain() && a.lo() == 0 && isLowMask(a.hi()) && a.contiguous()
                        && Long.compareUnsigned(a.hi(), b.lo()) > 0) {
                    // AND with one bit of a value whose low bits are all unknown: the kernel's tnum is
                    // (0; bit), bounds [0, bit], so the value is 0 or the bit
                    return new Scalar(0, b.lo(), true, b.lo());
                }
                return bitwise(op, a, b, is64);
            case 0x60: // LSH by a constant: every value shifted, so a strided interval while nothing overflows
                if (is64 && b.isConst() && b.lo() >= 0 && b.lo() < 64) {
                    return kernelWide(lshImage(a, (int) b.lo()), KernelBounds.of(a), k -> k.lsh((int) b.lo()));
                }
                if (b.isConst() && a.unsignedPlain() && b.lo() >= 0 && b.lo() < (is64 ? 63 : 31)
                        && Long.compareUnsigned(a.hi(), (is64 ? Long.MAX_VALUE : 0xffffffffL) >>> b.lo()) <= 0
                        && (is64 || a.within(0, 0xffffffffL))) {
                    return new Scalar(a.lo() << b.lo(), a.hi() << b.lo(), true, a.stride() << b.lo());
                }
                return b.isConst() ? shiftedTnum(a, (int) b.lo(), true, is64) : Scalar.COARSE;
            case 0xc0: // ARSH by a constant
                if (is64 && b.isConst() && b.lo() >= 0 && b.lo() < 64) {
                    return kernelWide(arshImage(a, (int) b.lo()), KernelBounds.of(a), k -> k.arsh((int) b.lo()));
                }
                return Scalar.COARSE;
            case 0x70: // RSH by a constant
                if (b.isConst() && a.contiguous() && a.unsignedPlain() && b.lo() >= 0 && b.lo() < (is64 ? 64 : 32) && (is64 || a.within(0, 0xffffffffL))) {
                    return new Scalar(a.lo() >>> b.lo(), a.hi() >>> b.lo(), true);
                }
                if (is64 && b.isConst() && b.lo() >= 0 && b.lo() < 64) {
                    // a value that wraps past zero (x - 1 of a byte): its exact image is two pieces,
                    // the kernel's state the shifted unsigned bounds and tnum, one interval
                    return kernelWide(null, KernelBounds.of(a), k -> k.rsh((int) b.lo()));
                }
                return b.isConst() ? shiftedTnum(a, (int) b.lo(), false, is64) : Scalar.COARSE;
            case 0x40: // OR
            case 0xa0: // XOR
                return bitwise(op, a, b, is64);
            default:
                return Scalar.COARSE;
        }
    }

    /**
     * The exact image of adding or subtracting two registers whose values are independent (the
     * kernel computes the result from each operand's own bounds, so it holds every sum of a value of
     * one and a value of the other): for contiguous intervals the interval of all sums, modulo 2^64,
     * every value once the widths together reach it; 32-bit only where no sum wraps past 2^32.
     */
    private static Scalar twoRegisters(int op, Scalar a, Scalar b, boolean is64, boolean linked) {
        if (linked && (a.isConst() || b.isConst())) {
            return Scalar.COARSE; // a linked register plus a constant: the kernel keeps the link
        }
        Scalar other = op == 0x00 ? b : negated(b);
        if (!fillsGaps(a, other)) {
            return Scalar.COARSE;
        }
        long wa = a.hi() - a.lo();
        long wb = other.hi() - other.lo();
        long width = wa + wb;
        boolean full = a.isFull() || other.isFull() || Long.compareUnsigned(width, wa) < 0 || width == -1;
        if (is64) {
            return full ? Scalar.UNKNOWN : new Scalar(a.lo() + other.lo(), a.hi() + other.hi(), true);
        }
        if (full || !a.within(0, 0xffffffffL) || !b.within(0, 0xffffffffL)) {
            return Scalar.COARSE;
        }
        // both plain 32-bit values: the sums are plain longs, from lo to lo + width
        long lo = a.lo() + other.lo();
        long hi = lo + width;
        long base = Math.floorDiv(lo, 1L << 32) << 32;
        return hi - base <= 0xffffffffL ? new Scalar(lo - base, hi - base, true) : Scalar.COARSE;
    }

    /**
     * AND, OR and XOR of values that are each exactly a tnum's (every combination of some bits, the
     * others fixed; constants, whole ranges, aligned blocks): every bit of the result is then free
     * of the others, so the tnum operation gives the exact image, kept where its unknown bits are one
     * run (a strided interval). 32-bit, of the operands' low halves, zero-extended.
     */
    static Scalar bitwise(int op, Scalar a, Scalar b, boolean is64) {
        long[] x = tnumOf(a, is64);
        long[] y = tnumOf(b, is64);
        if (x == null || y == null) {
            return Scalar.COARSE;
        }
        long v;
        long m;
        switch (op) {
            case 0x50 -> {
                v = x[0] & y[0];
                m = (x[0] | x[1]) & (y[0] | y[1]) & ~v;
            }
            case 0x40 -> {
                v = x[0] | y[0];
                m = (x[1] | y[1]) & ~v;
            }
            default -> {
                m = x[1] | y[1];
                v = (x[0] ^ y[0]) & ~m;
            }
        }
        return ofTnum(v, m);
    }

    /**
     * A logical shift by a constant of a value that is exactly a tnum's set (32-bit: its low half):
     * every value shifted is the tnum shifted, cut to the width, kept where its unknown bits are one run.
     */
    private static Scalar shiftedTnum(Scalar a, int k, boolean left, boolean is64) {
        long[] t = tnumOf(a, is64);
        if (t == null || k < 0 || k >= (is64 ? 64 : 32)) {
            return Scalar.COARSE;
        }
        long width = is64 ? -1L : 0xffffffffL;
        long v = (left ? t[0] << k : t[0] >>> k) & width;
        long m = (left ? t[1] << k : t[1] >>> k) & width;
        return ofTnum(v, m);
    }

    /** The values of a tnum as a strided interval: its unknown bits must be one run. */
    private static Scalar ofTnum(long v, long m) {
        if (m == 0) {
            return Scalar.constant(v);
        }
        if (m == -1) {
            return Scalar.UNKNOWN;
        }
        int j = Long.numberOfTrailingZeros(m);
        long run = m >>> j;
        if ((run & (run + 1)) != 0 || j == 63) {
            return Scalar.COARSE;
        }
        return new Scalar(v & ~m, (v & ~m) | m, true, 1L << j);
    }

    /**
     * The tnum (value, mask) whose values are exactly the scalar's, or null; for a 32-bit operation
     * that of its low 32 bits.
     */
    static long[] tnumOf(Scalar a, boolean is64) {
        if (!a.exact()) {
            return null;
        }
        if (!is64 && a.contiguous() && Long.compareUnsigned(a.hi() - a.lo(), 0xffffffffL) >= 0) {
            return new long[] {0, 0xffffffffL}; // 2^32 consecutive values: every low half
        }
        long[] t;
        if (a.isConst()) {
            t = new long[] {a.lo(), 0};
        } else if (a.isFull()) {
            t = new long[] {0, -1};
        } else {
            long s = a.stride();
            if (Long.bitCount(s) != 1) {
                return null;
            }
            int j = Long.numberOfTrailingZeros(s);
            long count = ((a.hi() - a.lo()) >>> j) + 1; // 0 for a whole cycle of the stride
            if (count != 0 && Long.bitCount(count) != 1) {
                return null;
            }
            long mask = count == 0 ? -1L << j : (count - 1) << j;
            if ((a.lo() & mask) != 0) {
                return null;
            }
            t = new long[] {a.lo(), mask};
        }
        // the low halves of a tnum's values are the low half's tnum's values
        return is64 ? t : new long[] {t[0] & 0xffffffffL, t[1] & 0xffffffffL};
    }

    /**
     * The result of a shift: the values the kernel's own state holds after it, where one strided
     * interval holds exactly them and they include the exact image (the kernel forgets the sign
     * of a value shifted left by anything but 32, and an interval cannot hold some images of an
     * arithmetic shift); else the exact image; else coarse.
     */
    private static Scalar kernelWide(Scalar image, KernelBounds before, java.util.function.UnaryOperator<KernelBounds> op) {
        Scalar kernel = before == null ? null : op.apply(before).values();
        if (kernel != null && (image == null || holds(kernel, image))) {
            return kernel;
        }
        return image == null ? Scalar.COARSE : image;
    }

    /** True when every value of {@code small} is one of {@code big}'s (both exact, strided by powers of two). */
    static boolean holds(Scalar big, Scalar small) {
        long s = big.stride();
        if (small.stride() % s != 0 || ((small.lo() - big.lo()) & (s - 1)) != 0) {
            return false;
        }
        long start = small.lo() - big.lo();
        long end = small.hi() - big.lo();
        return Long.compareUnsigned(start, end) <= 0 && Long.compareUnsigned(end, big.hi() - big.lo()) <= 0;
    }

    /**
     * The exact image of {@code x << k} (64-bit) of an exact scalar strided by a power of two: the
     * values shifted stay a strided interval modulo 2^64, a whole cycle of the new stride once they
     * go round; null for other scalars.
     */
    static Scalar lshImage(Scalar a, int k) {
        if (!a.exact() || Long.bitCount(a.stride()) != 1) {
            return null;
        }
        if (a.isConst() || k == 0) {
            return a.isConst() ? Scalar.constant(a.lo() << k) : a;
        }
        int j = Long.numberOfTrailingZeros(a.stride());
        if (j + k >= 64) {
            return Scalar.constant(a.lo() << k); // every value shifts to the same one
        }
        if (j + k == 63) {
            return null; // two values 2^63 apart: no stride a long holds
        }
        long stride = 1L << (j + k);
        long steps = Long.divideUnsigned(a.hi() - a.lo(), a.stride());
        if (Long.compareUnsigned(steps, (1L << (64 - j - k)) - 1) >= 0) {
            long first = a.lo() << k;
            return KernelBounds.normalised(new Scalar(first, first - stride, true, stride));
        }
        return new Scalar(a.lo() << k, a.hi() << k, true, stride);
    }

    /**
     * The exact image of {@code x s>> k} (64-bit) of an exact scalar that does not wrap past the
     * signed maximum: consecutive values step by the stride shifted, or by at most one where the
     * stride is below 2^k; null where that is not a strided interval.
     */
    static Scalar arshImage(Scalar a, int k) {
        if (!a.exact() || Long.bitCount(a.stride()) != 1) {
            return null;
        }
        Scalar plain = KernelBounds.normalised(a);
        if (!plain.signedPlain()) {
            return null;
        }
        long lo = plain.lo() >> k;
        long hi = plain.hi() >> k;
        if (Long.compareUnsigned(plain.stride(), 1L << k) <= 0) {
            return new Scalar(lo, hi, true);
        }
        return new Scalar(lo, hi, true, plain.stride() >> k);
    }

    private static boolean isLowMask(long v) {
        return (v & (v + 1)) == 0;
    }

    static long constant(int op, int offset, long a, long b, boolean is64) {
        boolean signed = offset == 1;
        long r;
        if (is64) {
            r = switch (op) {
                case 0x00 -> a + b;
                case 0x10 -> a - b;
                case 0x20 -> a * b;
                case 0x30 -> signed ? org.ebpftest.runtime.vm.Alu.sdiv64(a, b) : org.ebpftest.runtime.vm.Alu.div64(a, b);
                case 0x40 -> a | b;
                case 0x50 -> a & b;
                case 0x60 -> a << (b & 63);
                case 0x70 -> a >>> (b & 63);
                case 0x90 -> signed ? org.ebpftest.runtime.vm.Alu.smod64(a, b) : org.ebpftest.runtime.vm.Alu.mod64(a, b);
                case 0xa0 -> a ^ b;
                case 0xc0 -> a >> (b & 63);
                default -> 0;
            };
            return r;
        }
        r = switch (op) {
            case 0x00 -> a + b;
            case 0x10 -> a - b;
            case 0x20 -> a * b;
            case 0x30 -> signed ? org.ebpftest.runtime.vm.Alu.sdiv32(a, b) : org.ebpftest.runtime.vm.Alu.div32(a, b);
            case 0x40 -> a | b;
            case 0x50 -> a & b;
            case 0x60 -> org.ebpftest.runtime.vm.Alu.lsh32(a, b);
            case 0x70 -> org.ebpftest.runtime.vm.Alu.rsh32(a, b);
            case 0x90 -> signed ? org.ebpftest.runtime.vm.Alu.smod32(a, b) : org.ebpftest.runtime.vm.Alu.mod32(a, b);
            case 0xa0 -> a ^ b;
            case 0xc0 -> org.ebpftest.runtime.vm.Alu.arsh32(a, b);
            default -> 0;
        };
        return r & 0xffffffffL;
    }

    private static long signExtend(long v, int bits, boolean is64) {
        long r = switch (bits) {
            case 8 -> (byte) v;
            case 16 -> (short) v;
            case 32 -> (int) v;
            default -> v;
        };
        return is64 ? r : r & 0xffffffffL;
    }

    /** The kernel's names of the ALU operations in messages ({@code bpf_alu_string}), by the opcode's top four bits. */
    private static final String[] ALU_STRING = {"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian"};

    /**
     * Pointer arithmetic, after adjust_reg_min_max_vals and adjust_ptr_min_max_vals: two pointers
     * may only be subtracted (root), 32-bit arithmetic on a pointer is only a subtraction, a
     * possibly-NULL map value, a map pointer and pkt_end take no arithmetic, a stack pointer no
     * subtraction, and only addition and subtraction keep a pointer; what the verifier does not
     * model is unmodelled.
     */
    private static Reg pointer(Explorer ex, State s, int pc, Instruction insn, int op, boolean is64, Reg d, Reg src) throws Explorer.Stop {
        int dst = insn.dst();
        String operator = ALU_STRING[op >> 4];
        if (d.isPointer() && src.isPointer()) {
            if (op == 0x10) {
                return Reg.COARSE_SCALAR; // root may subtract pointers: an unknown scalar
            }
            throw Explorer.refuse(s, pc, "R" + dst + " pointer " + operator + " pointer prohibited");
        }
        Reg ptr = d.isPointer() ? d : src;
        Reg off = d.isPointer() ? src : d;
        if (!is64) {
            if (op == 0x10) {
                return Reg.UNMODELLED; // root: a meaningless scalar
            }
            throw Explorer.refuse(s, pc, "R" + dst + " 32-bit pointer arithmetic prohibited");
        }
        switch (ptr.kind()) {
            case MAP_VALUE_OR_NULL:
                if (ptr.maybeNonNull()) {
                    return Reg.UNMODELLED;
                }
                throw Explorer.refuse(s, pc, "R" + dst + " pointer arithmetic on map_value_or_null prohibited, null-check it first");
            case MAP_PTR:
                if (off.value().exact() && off.value().isConst() && off.value().lo() == 0 && op == 0x00) {
                    return ptr;
                }
                throw Explorer.refuse(s, pc, "R" + dst + " pointer arithmetic on map_ptr prohibited");
            case PACKET_END:
                throw Explorer.refuse(s, pc, "R" + dst + " pointer arithmetic on pkt_end prohibited");
            case RINGBUF_MEM_OR_NULL:
            case MEM_OR_NULL:
            case FUNC:
                return Reg.UNMODELLED;
            case SOCKET_OR_NULL:
            case SOCK_COMMON_OR_NULL:
            case TCP_SOCK_OR_NULL:
                throw Explorer.refuse(s, pc, "R" + dst + " pointer arithmetic on " + ptr.kind().logName + " prohibited, null-check it first");
            case SOCKET:
            case SOCK_COMMON:
            case TCP_SOCK:
                throw Explorer.refuse(s, pc, "R" + dst + " pointer arithmetic on " + ptr.kind().logName + " prohibited");
            default:
                break;
        }
        switch (op) {
            case 0x00:
                break;
            case 0x10:
                if (!d.isPointer()) {
                    throw Explorer.refuse(s, pc, "R" + dst + " tried to subtract pointer from scalar");
                }
                if (ptr.kind() == Kind.STACK) {
                    throw Explorer.refuse(s, pc, "R" + dst + " subtraction from stack pointer prohibited");
                }
                break;
            case 0x40:
            case 0x50:
            case 0xa0:
                throw Explorer.refuse(s, pc, "R" + dst + " bitwise operator " + operator + " on pointer prohibited");
            default:
                throw Explorer.refuse(s, pc, "R" + dst + " pointer arithmetic with " + operator + " operator prohibited");
        }
        Scalar v = off.value();
        String desc = ptr.kind().logName;
        if (v.exact() && v.isConst()) {
            long c = op == 0x00 ? v.lo() : -v.lo();
            if (c >= MAX_VAR_OFF || c <= -MAX_VAR_OFF) {
                throw Explorer.refuse(s, pc, "math between " + desc + " pointer and " + c + " is not allowed");
            }
            long newOff = (long) ptr.off() + c;
            if (newOff >= MAX_VAR_OFF || newOff <= -MAX_VAR_OFF) {
                // the result's own check (check_reg_sane_offset_ptr in Linux 6.18) takes in the fixed offset
                throw Explorer.refuse(s, pc, desc + " pointer offset " + newOff + " is not allowed");
            }
            return ptr.withOff((int) newOff);
        }
        // the kernel checks the offset register's signed minimum (check_reg_sane_offset) for a
        // subtraction as for an addition
        if (v.exact()) {
            if (v.smin() == Long.MIN_VALUE) {
                throw Explorer.refuse(s, pc, "math between " + desc + " pointer and register with unbounded min value is not allowed");
            }
            if (v.smin() <= -MAX_VAR_OFF) {
                throw Explorer.refuse(s, pc, "value " + v.smin() + " makes " + desc + " pointer be out of bounds");
            }
        }
        if (v.exact() && ptr.value().exact()) {
            // the result's check (check_reg_sane_offset_ptr): its signed minimum, the pointer's plus
            // the register's minimum or less its maximum, S64_MIN where that overflows; the kernel's
            // is no higher than this one (its bounds hold these values), so a minimum this low is
            // refused there too, though the number it prints may be lower
            long a = ptr.value().smin();
            long b = op == 0x10 ? v.smax() : v.smin();
            long smin = op == 0x10 ? a - b : a + b;
            boolean overflow = op == 0x10 ? ((a ^ b) & (a ^ smin)) < 0 : ((a ^ smin) & (b ^ smin)) < 0;
            if (overflow || smin <= -MAX_VAR_OFF) {
                throw Explorer.refuse(s, pc, desc + " pointer offset " + (overflow ? Long.MIN_VALUE : smin) + " is not allowed");
            }
        }
        if (op == 0x10) {
            if (ptr.kind() == Kind.CTX || ptr.kind() == Kind.STACK) {
                return ptr.withValue(Scalar.COARSE);
            }
            // the exact image of the difference, which may wrap below zero: the kernel then keeps no
            // unsigned bounds (umin_ptr < umax_val), so an access through it is unbounded there too
            return newVarPointer(ex, ptr, sum(ptr.value(), negated(v)));
        }
        Scalar sum = sum(ptr.value(), v);
        return newVarPointer(ex, ptr, sum);
    }

    private static Reg newVarPointer(Explorer ex, Reg ptr, Scalar var) {
        if (ptr.isPacket()) {
            // a packet pointer with a new variable part gets a new id and no verified range yet
            return new Reg(ptr.kind(), var, ptr.off(), ex.newId(), 0, ptr.map(), ptr.frame(), 0, false, 0);
        }
        return ptr.withValue(var);
    }

    /**
     * True when every sum of a value of one and a value of the other lies in one contiguous run:
     * both contiguous, or one strided by s and the other spanning at least s - 1 (every gap filled).
     */
    static boolean fillsGaps(Scalar a, Scalar b) {
        if (a.contiguous() && b.contiguous()) {
            return true;
        }
        Scalar strided = a.contiguous() ? b : a;
        Scalar plain = a.contiguous() ? a : b;
        return plain.contiguous() && Long.compareUnsigned(plain.hi() - plain.lo(), strided.stride() - 1) >= 0;
    }

    /** The exact image of negating every value: a wrapped interval turned round. */
    static Scalar negated(Scalar v) {
        if (!v.exact() || v.isFull()) {
            return v;
        }
        return new Scalar(-v.hi(), -v.lo(), true, v.stride());
    }

    /** The exact image of adding two variable offsets, both small and non-negative, else coarse. */
    private static Scalar sum(Scalar a, Scalar b) {
        if (!a.exact() || !b.exact() || !a.signedPlain() || !b.signedPlain()) {
            return Scalar.COARSE;
        }
        if (!fillsGaps(a, b)) {
            // a strided offset stays strided only when added to a constant one
            if (a.isConst() && Math.abs(a.lo()) <= MAX_VAR_OFF * 4 && Math.abs(b.lo()) <= (1L << 62) && Math.abs(b.hi()) <= (1L << 62)) {
                return b.plus(a.lo());
            }
            if (b.isConst() && Math.abs(b.lo()) <= MAX_VAR_OFF * 4 && Math.abs(a.lo()) <= (1L << 62) && Math.abs(a.hi()) <= (1L << 62)) {
                return a.plus(b.lo());
            }
            return Scalar.COARSE;
        }
        long lo = a.lo() + b.lo();
        long hi = a.hi() + b.hi();
        if (Math.abs(a.lo()) > MAX_VAR_OFF * 4 || Math.abs(a.hi()) > MAX_VAR_OFF * 4 || Math.abs(b.lo()) > (1L << 62)
                || Math.abs(b.hi()) > (1L << 62)) {
            return Scalar.COARSE;
        }
        return new Scalar(lo, hi, true);
    }
}
