package org.ebpftest.runtime.linux.verifier;

import java.util.Objects;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * When a finished state covers a new one at a prune point, so that the new path need not go on:
 * the kernel's {@code states_equal} in its non-exact form.
 *
 * <ul>
 * <li>Only live registers are compared ({@link Liveness}, as {@code clean_func_state} clears the
 * dead ones): in a caller's frame, those live once the call returns.
 * <li>A scalar is compared only where it is precise ({@link Precision}); there the new values must
 * lie within the old ones ({@code range_within}). A scalar this verifier holds coarsely, in either
 * state, is taken as covered: nothing is refused because of a coarse value, and pruning it keeps
 * the instructions processed no more than the kernel's.
 * <li>Pointers must agree in kind, offsets, map and frame; a packet pointer's verified range may
 * only grow.
 * <li>Stack slots: spilled pointers as registers, and in the precise 8-byte slots the scalar a fill
 * would give.
 * </ul>
 *
 * <p>Pruning can only hide a refusal, never cause one: a precise scalar that this verifier knows
 * less well than the kernel only keeps a state from being pruned.
 *
 * <p>An uncertain loop (an iterator's, whose kfuncs are not modelled) ends as the kernel ends an
 * iterator's: {@link #converged} against a state of an earlier iteration still under way, once
 * {@link #widen} has made the counters nothing checks unknown.
 */
final class Pruning {
    private Pruning() {
    }

    static boolean covers(State old, State cur, int pc, Liveness live, Precision precise) {
        return covers(old, cur, pc, live, precise, false);
    }

    /**
     * When an uncertain path is back at a prune point of a loop whose earlier state here is still
     * under way, and that state holds every value the path now holds: every scalar compared, not
     * only the precise ones, and every stack slot, as the kernel compares a loop's states at an
     * iterator's next call ({@code states_equal} in its {@code RANGE_WITHIN} form). Going round
     * again could only find states that earlier iteration is already going through.
     */
    static boolean converged(State old, State cur, int pc, Liveness live, Precision precise) {
        return covers(old, cur, pc, live, precise, true);
    }

    private static boolean covers(State old, State cur, int pc, Liveness live, Precision precise, boolean everyValue) {
        // the kernel's refsafe: a state holding other references than the finished one may still leak them
        if (old.frames.length != cur.frames.length || old.refs.length != cur.refs.length || old.lockMap != cur.lockMap) {
            return false;
        }
        int top = old.frames.length - 1;
        for (int i = 0; i <= top; i++) {
            State.Frame a = old.frames[i];
            State.Frame b = cur.frames[i];
            if (a.callsite != b.callsite || !Objects.equals(a.callbackReturn, b.callbackReturn)) {
                return false;
            }
            int resume = i == top ? pc : old.frames[i + 1].callsite + 1;
            int liveRegs = i == top ? live.before(pc) : live.afterCall(old.frames[i + 1].callsite);
            // a caller's scalars are compared where they are precise once the call returns (r6-r9, its stack)
            int preciseRegs = everyValue ? -1 : precise.regs(resume) & (i == top ? -1 : ~0x3f);
            long preciseSlots = everyValue ? -1L : precise.slots(resume);
            for (int r = 0; r < a.regs.length; r++) {
                if ((r == 10 || (liveRegs & 1 << r) != 0) && !covers(a.regs[r], b.regs[r], (preciseRegs & 1 << r) != 0)) {
                    return false;
                }
            }
            for (int s = 0; s < a.spills.length; s++) {
                Reg x = a.spills[s];
                if (x != null && x.isPointer()) {
                    Reg y = b.spills[s];
                    if (y == null || !covers(x, y, false)) {
                        return false;
                    }
                } else if ((preciseSlots & 1L << s) != 0
                        && (b.spills[s] != null && b.spills[s].isPointer() || !coversScalar(fill(a, s), fill(b, s)))) {
                    return false;
                } else if (everyValue && !initialisedIn(a, b, s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when every byte of the slot that old had written, cur has written too (the kernel's STACK_INVALID check). */
    private static boolean initialisedIn(State.Frame old, State.Frame cur, int slot) {
        for (int i = slot * 8; i < slot * 8 + 8; i++) {
            if (old.stack[i] != State.INVALID && cur.stack[i] == State.INVALID) {
                return false;
            }
        }
        return true;
    }

    /**
     * Widens, in the state of a path that is back at a loop's prune point, the scalars that are not
     * precise here and differ from those of the loop's earlier state here into unknown values, as
     * the kernel's {@code widen_imprecise_scalars} does at an iterator's next call: a counter nothing
     * checks then stops making every iteration a new state, and the loop converges
     * ({@link #converged}) one iteration later.
     */
    static void widen(State prev, State cur, int pc, Precision precise) {
        if (prev.frames.length != cur.frames.length) {
            return;
        }
        int top = cur.frames.length - 1;
        for (int i = 0; i <= top; i++) {
            State.Frame a = prev.frames[i];
            State.Frame b = cur.frames[i];
            if (a.callsite != b.callsite) {
                return;
            }
            int resume = i == top ? pc : cur.frames[i + 1].callsite + 1;
            int preciseRegs = precise.regs(resume) & (i == top ? -1 : ~0x3f);
            long preciseSlots = precise.slots(resume);
            for (int r = 0; r < 10; r++) {
                if ((preciseRegs & 1 << r) == 0 && differ(a.regs[r], b.regs[r])) {
                    b.regs[r] = Reg.UNKNOWN_SCALAR;
                }
            }
            for (int s = 0; s < b.spills.length; s++) {
                if ((preciseSlots & 1L << s) == 0 && a.spills[s] != null && b.spills[s] != null && differ(a.spills[s], b.spills[s])) {
                    b.spills[s] = Reg.UNKNOWN_SCALAR;
                }
            }
        }
    }

    /** True when both are scalars the verifier follows exactly and their values differ. */
    private static boolean differ(Reg old, Reg cur) {
        return old.isScalar() && cur.isScalar() && old.value().exact() && cur.value().exact() && !old.value().equals(cur.value());
    }

    private static boolean covers(Reg old, Reg cur, boolean precise) {
        switch (old.kind()) {
            case NOT_INIT:
            case UNMODELLED:
                return true;
            case SCALAR:
                return cur.kind() == Kind.SCALAR && (!precise || coversScalar(old.value(), cur.value()));
            default:
                if (cur.kind() != old.kind() || cur.off() != old.off() || cur.map() != old.map() || cur.mapUid() != old.mapUid()
                        || cur.frame() != old.frame()
                        || !cur.value().equals(old.value()) && !(rangeWithin(old.kind()) && within(old.value(), cur.value()))) {
                    return false;
                }
                if (old.isPacket()) {
                    return old.range() >= 0 ? cur.range() >= old.range() : cur.range() == old.range();
                }
                return old.maybeNonNull() == cur.maybeNonNull();
        }
    }

    /**
     * The pointers whose variable offset the kernel compares by inclusion ({@code range_within} and
     * {@code tnum_in}): map values, packet and reserved memory; any other pointer must be equal.
     */
    private static boolean rangeWithin(Kind kind) {
        return switch (kind) {
            case MAP_VALUE, PACKET, PACKET_META, RINGBUF_MEM, MAP_KEY, MEM -> true;
            default -> false;
        };
    }

    /** True when both are exact and cur's values all lie within old's. */
    private static boolean within(Scalar old, Scalar cur) {
        return old.exact() && cur.exact() && coversScalar(old, cur);
    }

    /** True when every value cur may hold, old holds: a coarse value on either side decides nothing and is covered. */
    static boolean coversScalar(Scalar old, Scalar cur) {
        if (old == null || cur == null || !old.exact() || !cur.exact() || old.isFull()) {
            return true;
        }
        if (!old.contiguous()) {
            return old.equals(cur);
        }
        // both wrapped intervals: cur's start and its length fit inside old's
        long curStart = cur.lo() - old.lo();
        long curEnd = cur.hi() - old.lo();
        long oldLen = old.hi() - old.lo();
        return Long.compareUnsigned(curStart, curEnd) <= 0 && Long.compareUnsigned(curEnd, oldLen) <= 0;
    }

    /**
     * The scalar an 8-byte fill of a slot gives: the spilled scalar, zero for zeroed bytes, null
     * (anything, coarse) for bytes the verifier does not follow; an unknown value otherwise.
     */
    private static Scalar fill(State.Frame f, int slot) {
        if (f.spills[slot] != null) {
            return f.spills[slot].isScalar() ? f.spills[slot].value() : null;
        }
        boolean zero = true;
        for (int i = slot * 8; i < slot * 8 + 8; i++) {
            if (f.stack[i] == State.LOSSY) {
                return null;
            }
            zero &= f.stack[i] == State.ZERO;
        }
        return zero ? Scalar.constant(0) : Scalar.UNKNOWN;
    }
}
