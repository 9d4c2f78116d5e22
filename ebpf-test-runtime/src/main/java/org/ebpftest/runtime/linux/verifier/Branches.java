package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Conditional jumps, after {@code check_cond_jmp_op}: decide the branch when the operands decide
 * it ({@code is_branch_taken}), otherwise walk both sides, refining each: scalar bounds, NULL
 * checks of map values, packet ranges from comparisons with {@code data_end}
 * ({@code try_match_pkt_pointers}). A side the kernel might know to be dead, because it knows
 * more than this verifier about an operand, is walked as uncertain.
 */
final class Branches {
    private static final int JEQ = 0x10;
    private static final int JGT = 0x20;
    private static final int JGE = 0x30;
    private static final int JSET = 0x40;
    private static final int JNE = 0x50;
    private static final int JSGT = 0x60;
    private static final int JSGE = 0x70;
    private static final int JLT = 0xa0;
    private static final int JLE = 0xb0;
    private static final int JSLT = 0xc0;
    private static final int JSLE = 0xd0;
    private static final long MAX_PACKET_OFF = 0xffff;

    private final Explorer ex;

    Branches(Explorer ex) {
        this.ex = ex;
    }

    /** How a comparison turns out: always, never, or either way (certainly, or as far as this verifier knows). */
    private enum Outcome {
        TAKEN, NOT_TAKEN, BOTH, BOTH_UNCERTAIN,
        /** A NULL check of a lookup the kernel may know cannot fail: its NULL side may be dead there. */
        NULL_SIDE_UNCERTAIN
    }

    int conditional(State s, int pc, Instruction insn, boolean is32, Explorer.Checkpoint cp) throws Explorer.Stop {
        int op = insn.opcode() & 0xf0;
        boolean x = (insn.opcode() & 8) != 0;
        int target = pc + insn.offset() + 1;
        Reg dst = Semantics.read(s, pc, insn.dst());
        Reg src = x ? Semantics.read(s, pc, insn.src()) : Reg.constant(is32 ? insn.imm() & 0xffffffffL : insn.imm());
        Outcome outcome = decide(dst, src, op, is32);
        if (x && insn.dst() == insn.src() && dst.isPointer()) {
            // a pointer compared with itself: whether Linux 6.18 decides it is not modelled
            outcome = Outcome.BOTH_UNCERTAIN;
        }
        if (outcome == Outcome.TAKEN || outcome == Outcome.NOT_TAKEN) {
            // a branch its scalars decide: another value could take the other side (the kernel marks them precise)
            if (dst.isScalar()) {
                ex.precision.use(pc, insn.dst());
            }
            if (x && src.isScalar()) {
                ex.precision.use(pc, insn.src());
            }
            return outcome == Outcome.TAKEN ? target : pc + 1;
        }
        State other = s.copy();
        if (outcome == Outcome.BOTH_UNCERTAIN) {
            s.certain = false;
            other.certain = false;
        } else if (outcome == Outcome.NULL_SIDE_UNCERTAIN) {
            (op == JEQ ? other : s).certain = false;
        }
        other.trail = State.Trail.add(s.trail, pc, "taken");
        s.trail = State.Trail.add(s.trail, pc, "not taken");
        if (dst.isScalar() && src.isScalar()) {
            refineScalars(other, insn, x, op, is32, true);
            refineScalars(s, insn, x, op, is32, false);
        } else {
            refinePointers(s, other, insn, x, op, is32, dst, src);
        }
        ex.fork(other, target, cp, other.certain && s.certain);
        return pc + 1;
    }

    private Outcome decide(Reg a, Reg b, int op, boolean is32) {
        if (a.kind() == Kind.UNMODELLED || b.kind() == Kind.UNMODELLED) {
            return Outcome.BOTH_UNCERTAIN;
        }
        if (a.isPointer() || b.isPointer()) {
            return decidePointers(a, b, op, is32);
        }
        Scalar x = a.value();
        Scalar y = b.value();
        if (x.isConst() && y.isConst()) {
            return concrete(op, x.lo(), y.lo(), is32) ? Outcome.TAKEN : Outcome.NOT_TAKEN;
        }
        if (!x.contiguous() || !y.contiguous()) {
            // only the ends of a strided value are certainly held: an order compares them, an equality not
            boolean ordered = op != JEQ && op != JNE && op != JSET;
            Outcome o = ordered ? evaluate(op, x, y, is32) : Outcome.BOTH_UNCERTAIN;
            return o == Outcome.BOTH ? Outcome.BOTH_UNCERTAIN : o;
        }
        Outcome o = evaluate(op, x, y, is32);
        if (o == Outcome.BOTH && (!x.exact() || !y.exact() || (a.link() != 0 && a.link() == b.link()))) {
            return Outcome.BOTH_UNCERTAIN;
        }
        return o;
    }

    private Outcome decidePointers(Reg a, Reg b, int op, boolean is32) {
        if (!is32 && (a.kind() == Kind.PACKET_END || b.kind() == Kind.PACKET_END) && (a.isPacket() || b.isPacket())) {
            Reg pkt = a.kind() == Kind.PACKET_END ? b : a;
            int flipped = a.kind() == Kind.PACKET_END ? flip(op) : op;
            if (pkt.kind() == Kind.PACKET && pkt.range() < 0) {
                switch (flipped) {
                    case JLE:
                    case JGT:
                        if (pkt.range() == Reg.BEYOND_PKT_END) {
                            return flipped == JGT ? Outcome.TAKEN : Outcome.NOT_TAKEN;
                        }
                        break;
                    case JLT:
                    case JGE:
                        return flipped == JGE ? Outcome.TAKEN : Outcome.NOT_TAKEN;
                    default:
                        break;
                }
            }
            return Outcome.BOTH;
        }
        if (!is32 && a.isPacket() && b.isPacket()) {
            // is_pkt_ptr_branch_taken decides only against data_end: both sides are walked, and
            // try_match_pkt_pointers refines data_meta against data only where data is its start
            return initUnknown(a, b) || initUnknown(b, a) ? Outcome.BOTH_UNCERTAIN : Outcome.BOTH;
        }
        Reg ptr = a.isPointer() ? a : b;
        Reg other = a.isPointer() ? b : a;
        if (other.isScalar()) {
            boolean zero = other.value().exact() && other.value().isConst() && other.value().lo() == 0;
            if (!is32 && zero && ptr.notNull() && (op == JEQ || op == JNE)) {
                return op == JEQ ? Outcome.NOT_TAKEN : Outcome.TAKEN;
            }
            if (ptr.kind() == Kind.RINGBUF_MEM || ptr.kind() == Kind.MEM) {
                // whether the kernel knows reserved memory or a global function's memory argument is not NULL is not modelled
                return Outcome.BOTH_UNCERTAIN;
            }
            if (ptr.kind() == Kind.MAP_VALUE_OR_NULL && ptr.maybeNonNull()) {
                // the kernel may know this lookup cannot fail and then walks only the non-NULL side
                return !is32 && zero && (op == JEQ || op == JNE) ? Outcome.NULL_SIDE_UNCERTAIN : Outcome.BOTH_UNCERTAIN;
            }
            return Outcome.BOTH;
        }
        return Outcome.BOTH_UNCERTAIN;
    }

    private static boolean concrete(int op, long a, long b, boolean is32) {
        if (is32) {
            a &= 0xffffffffL;
            b &= 0xffffffffL;
            if (op == JSGT || op == JSGE || op == JSLT || op == JSLE) {
                a = (int) a;
                b = (int) b;
            }
        }
        return switch (op) {
            case JEQ -> a == b;
            case JNE -> a != b;
            case JSET -> (a & b) != 0;
            case JGT -> Long.compareUnsigned(a, b) > 0;
            case JGE -> Long.compareUnsigned(a, b) >= 0;
            case JLT -> Long.compareUnsigned(a, b) < 0;
            case JLE -> Long.compareUnsigned(a, b) <= 0;
            case JSGT -> a > b;
            case JSGE -> a >= b;
            case JSLT -> a < b;
            case JSLE -> a <= b;
            default -> false;
        };
    }

    /** True when a 32-bit comparison of these values is the same as the 64-bit one. */
    private static boolean reducible32(int op, Scalar x, Scalar y) {
        boolean signed = op == JSGT || op == JSGE || op == JSLT || op == JSLE;
        long limit = signed ? 0x7fffffffL : 0xffffffffL;
        return x.within(0, limit) && y.within(0, limit);
    }

    /** Whether some values of the operands satisfy the comparison and some do not, exactly for these intervals. */
    private static Outcome evaluate(int op, Scalar x, Scalar y, boolean is32) {
        if (is32 && !reducible32(op, x, y)) {
            return Outcome.BOTH_UNCERTAIN;
        }
        switch (op) {
            case JEQ:
            case JNE: {
                boolean canEqual = overlaps(x, y);
                boolean canDiffer = !(x.isConst() && y.isConst() && x.lo() == y.lo());
                Outcome eq = !canEqual ? Outcome.NOT_TAKEN : !canDiffer ? Outcome.TAKEN : Outcome.BOTH;
                return op == JEQ ? eq : invert(eq);
            }
            // an interval's least and greatest values in the comparison's order are among its values
            // (one that wraps past that order's end holds both its ends), so the ends decide it
            case JGT:
            case JGE:
            case JLT:
            case JLE:
                return ordered(op, x.umin(), x.umax(), y.umin(), y.umax(), false);
            case JSGT:
            case JSGE:
            case JSLT:
            case JSLE:
                return ordered(op, x.smin(), x.smax(), y.smin(), y.smax(), true);
            default:
                return Outcome.BOTH_UNCERTAIN;
        }
    }

    private static boolean overlaps(Scalar x, Scalar y) {
        if (x.isConst()) {
            return y.intersectUnsigned(x.lo(), x.lo()) != null;
        }
        if (y.isConst()) {
            return x.intersectUnsigned(y.lo(), y.lo()) != null;
        }
        if (x.unsignedPlain() && y.unsignedPlain()) {
            return Long.compareUnsigned(x.lo(), y.hi()) <= 0 && Long.compareUnsigned(y.lo(), x.hi()) <= 0;
        }
        return true;
    }

    private static Outcome invert(Outcome o) {
        return o == Outcome.TAKEN ? Outcome.NOT_TAKEN : o == Outcome.NOT_TAKEN ? Outcome.TAKEN : o;
    }

    private static int cmp(long a, long b, boolean signed) {
        return signed ? Long.compare(a, b) : Long.compareUnsigned(a, b);
    }

    private static Outcome ordered(int op, long xlo, long xhi, long ylo, long yhi, boolean signed) {
        boolean canTrue;
        boolean canFalse;
        switch (op) {
            case JGT, JSGT -> {
                canTrue = cmp(xhi, ylo, signed) > 0;
                canFalse = cmp(xlo, yhi, signed) <= 0;
            }
            case JGE, JSGE -> {
                canTrue = cmp(xhi, ylo, signed) >= 0;
                canFalse = cmp(xlo, yhi, signed) < 0;
            }
            case JLT, JSLT -> {
                canTrue = cmp(xlo, yhi, signed) < 0;
                canFalse = cmp(xhi, ylo, signed) >= 0;
            }
            default -> {
                canTrue = cmp(xlo, yhi, signed) <= 0;
                canFalse = cmp(xhi, ylo, signed) > 0;
            }
        }
        return canTrue && canFalse ? Outcome.BOTH : canTrue ? Outcome.TAKEN : Outcome.NOT_TAKEN;
    }

    private static int flip(int op) {
        return switch (op) {
            case JGT -> JLT;
            case JGE -> JLE;
            case JLT -> JGT;
            case JLE -> JGE;
            case JSGT -> JSLT;
            case JSGE -> JSLE;
            case JSLT -> JSGT;
            case JSLE -> JSGE;
            default -> op;
        };
    }

    private static int negate(int op) {
        return switch (op) {
            case JEQ -> JNE;
            case JNE -> JEQ;
            case JGT -> JLE;
            case JGE -> JLT;
            case JLT -> JGE;
            case JLE -> JGT;
            case JSGT -> JSLE;
            case JSGE -> JSLT;
            case JSLT -> JSGE;
            case JSLE -> JSGT;
            default -> op;
        };
    }

    /** Refines the scalar operands on one side of a branch, and every register linked to them. */
    private void refineScalars(State s, Instruction insn, boolean x, int op, boolean is32, boolean taken) {
        int cond = taken ? op : negate(op);
        Reg a = s.reg(insn.dst());
        Reg b = x ? s.reg(insn.src()) : Reg.constant(is32 ? insn.imm() & 0xffffffffL : insn.imm());
        Scalar na;
        Scalar nb;
        if (op == JSET || (is32 && !reducible32(op, a.value(), b.value()))) {
            na = a.value().isConst() ? a.value() : Scalar.COARSE;
            nb = b.value().isConst() ? b.value() : Scalar.COARSE;
        } else {
            Scalar[] r = refine(cond, a.value(), b.value());
            na = r[0];
            nb = r[1];
        }
        update(s, insn.dst(), a, na);
        if (x) {
            update(s, insn.src(), s.reg(insn.src()), nb);
        }
    }

    private static void update(State s, int regno, Reg r, Scalar v) {
        if (v.equals(r.value())) {
            return;
        }
        if (r.link() != 0) {
            int link = r.link();
            s.forEachReg(other -> other.isScalar() && other.link() == link ? other.withValue(v) : other);
        } else {
            s.set(regno, r.withValue(v));
        }
    }

    /** The exact projections of {(x, y) : x cond y} onto x and y; coarse where one interval cannot hold them. */
    private static Scalar[] refine(int cond, Scalar x, Scalar y) {
        if (!x.exact() || !y.exact() || !x.contiguous() || !y.contiguous()) {
            return new Scalar[] {x.coarse(), y.coarse()};
        }
        switch (cond) {
            case JEQ: {
                if (y.isConst()) {
                    return new Scalar[] {Scalar.constant(y.lo()), y};
                }
                if (x.isConst()) {
                    return new Scalar[] {x, Scalar.constant(x.lo())};
                }
                if (x.unsignedPlain() && y.unsignedPlain()) {
                    Scalar both = x.intersectUnsigned(y.lo(), y.hi());
                    return both == null ? new Scalar[] {x, y} : new Scalar[] {both, both};
                }
                return new Scalar[] {Scalar.COARSE, Scalar.COARSE};
            }
            case JNE: {
                if (y.isConst()) {
                    return new Scalar[] {dropEdge(x, y.lo()), y};
                }
                if (x.isConst()) {
                    return new Scalar[] {x, dropEdge(y, x.lo())};
                }
                return new Scalar[] {x, y};
            }
            default:
                break;
        }
        boolean signed = cond == JSGT || cond == JSGE || cond == JSLT || cond == JSLE;
        long min = signed ? Long.MIN_VALUE : 0;
        long max = signed ? Long.MAX_VALUE : -1;
        // x > y for some y of the other side exactly when x > y's least value (which y holds), and so on;
        // an interval wrapping past the order's end is two pieces there, which the intersection keeps
        // exact where one piece remains and makes coarse otherwise
        long xlo = signed ? x.smin() : x.umin();
        long xhi = signed ? x.smax() : x.umax();
        long ylo = signed ? y.smin() : y.umin();
        long yhi = signed ? y.smax() : y.umax();
        Scalar nx;
        Scalar ny;
        switch (cond) {
            case JGT, JSGT -> {
                nx = clip(x, ylo + 1, max, signed, ylo == max);
                ny = clip(y, min, xhi - 1, signed, xhi == min);
            }
            case JGE, JSGE -> {
                nx = clip(x, ylo, max, signed, false);
                ny = clip(y, min, xhi, signed, false);
            }
            case JLT, JSLT -> {
                nx = clip(x, min, yhi - 1, signed, yhi == min);
                ny = clip(y, xlo + 1, max, signed, xlo == max);
            }
            default -> {
                nx = clip(x, min, yhi, signed, false);
                ny = clip(y, xlo, max, signed, false);
            }
        }
        return new Scalar[] {nx, ny};
    }

    private static Scalar clip(Scalar v, long lo, long hi, boolean signed, boolean empty) {
        if (empty) {
            return v;
        }
        Scalar r = signed ? v.intersectSigned(lo, hi) : v.intersectUnsigned(lo, hi);
        return r == null ? v : r;
    }

    private static Scalar dropEdge(Scalar v, long c) {
        if (v.isFull()) {
            return new Scalar(c + 1, c - 1, v.exact()); // every value but c, wrapping
        }
        if (v.isConst()) {
            return v;
        }
        if (v.lo() == c) {
            return new Scalar(c + 1, v.hi(), v.exact());
        }
        if (v.hi() == c) {
            return new Scalar(v.lo(), c - 1, v.exact());
        }
        return v;
    }

    /** NULL checks of map values and packet ranges from comparisons with data_end, on both sides. */
    private void refinePointers(State fall, State taken, Instruction insn, boolean x, int op, boolean is32, Reg dst, Reg src) {
        if (is32) {
            return;
        }
        Reg ptr = dst.isPointer() ? dst : src;
        Reg other = dst.isPointer() ? src : dst;
        boolean zero = other.isScalar() && other.value().isConst() && other.value().lo() == 0 && (op == JEQ || op == JNE);
        if (ptr.kind() == Kind.MAP_VALUE_OR_NULL && zero) {
            State nullSide = op == JEQ ? taken : fall;
            State valueSide = op == JEQ ? fall : taken;
            markNull(nullSide, ptr.id(), true);
            markNull(valueSide, ptr.id(), false);
            return;
        }
        if (ptr.maybeNull() && zero) {
            // NULL: there was nothing to release (the kernel drops the reference); else the object is held
            int id = ptr.id();
            Kind kind = ptr.kind();
            State nullSide = op == JEQ ? taken : fall;
            State valueSide = op == JEQ ? fall : taken;
            nullSide.forEachReg(r -> r.kind() == kind && r.id() == id ? Reg.constant(0) : r);
            if (!ptr.isSocket() || ptr.ref() == id) {
                // a socket cast from a held one (bpf_sk_fullsock) may be NULL while the reference stays held
                nullSide.release(id);
            }
            valueSide.forEachReg(r -> r.kind() == kind && r.id() == id ? r.withKind(r.nonNullKind()) : r);
            return;
        }
        if (x) {
            matchPacketPointers(fall, taken, insn, op, dst, src);
        }
    }

    /**
     * A map value keeps its id past the NULL check only when it may hold a bpf_spin_lock, which the
     * id names. What a lookup in a map of maps gave becomes a pointer to the inner map template,
     * the id its map_uid when the template's values hold a timer or a work queue (mark_ptr_not_null_reg).
     */
    private void markNull(State s, int id, boolean isNull) {
        s.forEachReg(r -> r.kind() == Kind.MAP_VALUE_OR_NULL && r.id() == id ? (isNull ? Reg.constant(0) : notNull(r, id)) : r);
    }

    private Reg notNull(Reg r, int id) {
        int template = r.map() < ex.innerTemplate.length ? ex.innerTemplate[r.map()] : -1;
        if (template >= 0) {
            MapInfo inner = ex.maps.get(template);
            return Reg.mapPointer(template, inner.timerOffset() >= 0 || inner.wqOffset() >= 0 ? id : 0);
        }
        return r.withKind(Kind.MAP_VALUE).withId(ex.maps.get(r.map()).spinLockOffset() >= 0 ? id : 0);
    }

    /** try_match_pkt_pointers: which side learns that a packet pointer lies within data_end. */
    private static void matchPacketPointers(State fall, State taken, Instruction insn, int op, Reg dst, Reg src) {
        boolean dstPkt = (dst.kind() == Kind.PACKET && src.kind() == Kind.PACKET_END)
                || (dst.kind() == Kind.PACKET_META && isInitPacket(src));
        boolean srcPkt = (dst.kind() == Kind.PACKET_END && src.kind() == Kind.PACKET)
                || (isInitPacket(dst) && src.kind() == Kind.PACKET_META);
        if (!dstPkt && !srcPkt) {
            return;
        }
        switch (op) {
            case JGT:
                if (dstPkt) {
                    goodPointers(fall, dst, false);
                    markEnd(taken, insn.dst(), true);
                } else {
                    goodPointers(taken, src, true);
                    markEnd(fall, insn.src(), false);
                }
                break;
            case JLT:
                if (dstPkt) {
                    goodPointers(taken, dst, true);
                    markEnd(fall, insn.dst(), false);
                } else {
                    goodPointers(fall, src, false);
                    markEnd(taken, insn.src(), true);
                }
                break;
            case JGE:
                if (dstPkt) {
                    goodPointers(fall, dst, true);
                    markEnd(taken, insn.dst(), false);
                } else {
                    goodPointers(taken, src, false);
                    markEnd(fall, insn.src(), true);
                }
                break;
            case JLE:
                if (dstPkt) {
                    goodPointers(taken, dst, false);
                    markEnd(fall, insn.dst(), true);
                } else {
                    goodPointers(fall, src, true);
                    markEnd(taken, insn.src(), false);
                }
                break;
            default:
                break;
        }
    }

    /** reg_is_init_pkt_pointer: data itself, neither moved nor given a variable offset. */
    private static boolean isInitPacket(Reg r) {
        return r.kind() == Kind.PACKET && r.id() == 0 && r.off() == 0 && r.value().exact() && r.value().isConst()
                && r.value().lo() == 0;
    }

    /**
     * True when {@code pkt}, compared with a data_meta pointer, may be data's start for the kernel
     * although not certainly here (a variable part held coarsely): which side learns a range is then not known.
     */
    private static boolean initUnknown(Reg pkt, Reg other) {
        return other.kind() == Kind.PACKET_META && pkt.kind() == Kind.PACKET && pkt.off() == 0 && !pkt.value().exact();
    }

    /** mark_pkt_end: the pointer compared lies at or beyond data_end on this side. */
    private static void markEnd(State s, int regno, boolean beyond) {
        Reg r = s.reg(regno);
        if (r.kind() == Kind.PACKET) {
            s.set(regno, r.withRange(beyond ? Reg.BEYOND_PKT_END : Reg.AT_PKT_END));
        }
    }

    /** find_good_pkt_pointers: every pointer with the same id may now access up to this offset. */
    private static void goodPointers(State s, Reg ptr, boolean rightOpen) {
        if (ptr.off() < 0 || (ptr.off() == 0 && rightOpen)) {
            return;
        }
        Scalar var = ptr.value();
        if (var.exact() && (Long.compareUnsigned(var.umax(), MAX_PACKET_OFF) > 0 || var.umax() + ptr.off() > MAX_PACKET_OFF)) {
            return;
        }
        int range = ptr.off() + (rightOpen ? 1 : 0);
        Kind kind = ptr.kind();
        int id = ptr.id();
        s.forEachReg(r -> r.kind() == kind && r.id() == id && r.range() < range ? r.withRange(range) : r);
    }
}
