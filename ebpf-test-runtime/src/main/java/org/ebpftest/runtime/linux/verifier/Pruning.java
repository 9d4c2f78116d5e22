package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * When a finished state covers a new one at a prune point, so that the new path need not go on.
 *
 * <p>Deliberately looser than the kernel's {@code states_equal}: scalar values are not compared at
 * all (the kernel compares only those it marked precise). Pruning can only hide a refusal, never
 * cause one, and the looser it is the fewer instructions are processed, so that the complexity
 * limit is not reached where the kernel's pruning would have saved it.
 */
final class Pruning {
    private Pruning() {
    }

    static boolean covers(State old, State cur) {
        // the kernel's refsafe: a state holding other references than the finished one may still leak them
        if (old.frames.length != cur.frames.length || old.refs.length != cur.refs.length || old.lockMap != cur.lockMap) {
            return false;
        }
        for (int i = 0; i < old.frames.length; i++) {
            State.Frame a = old.frames[i];
            State.Frame b = cur.frames[i];
            if (a.callsite != b.callsite || !java.util.Objects.equals(a.callbackReturn, b.callbackReturn)) {
                return false;
            }
            for (int r = 0; r < a.regs.length; r++) {
                if (!covers(a.regs[r], b.regs[r])) {
                    return false;
                }
            }
            for (int s = 0; s < a.spills.length; s++) {
                Reg x = a.spills[s];
                if (x != null && x.isPointer()) {
                    Reg y = b.spills[s];
                    if (y == null || !covers(x, y)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean covers(Reg old, Reg cur) {
        switch (old.kind()) {
            case NOT_INIT:
            case UNMODELLED:
                return true;
            case SCALAR:
                return cur.kind() == Kind.SCALAR;
            default:
                if (cur.kind() != old.kind() || cur.off() != old.off() || cur.map() != old.map() || cur.frame() != old.frame()
                        || !cur.value().equals(old.value())) {
                    return false;
                }
                if (old.isPacket()) {
                    return old.range() >= 0 ? cur.range() >= old.range() : cur.range() == old.range();
                }
                return old.maybeNonNull() == cur.maybeNonNull();
        }
    }
}
