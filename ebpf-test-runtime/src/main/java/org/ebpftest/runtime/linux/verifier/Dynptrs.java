package org.ebpftest.runtime.linux.verifier;

import java.util.Arrays;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Dynptrs made and used through helpers, after the kernel's {@code process_dynptr_func},
 * {@code mark_stack_slots_dynptr}, {@code destroy_if_dynptr_stack_slot} and
 * {@code unmark_stack_slots_dynptr}: a {@code struct bpf_dynptr} is two stack slots whose bytes
 * are {@link State#DYNPTR}, each slot's spill a {@link Kind#DYNPTR} marker ({@link #marker}). A
 * local one ({@code bpf_dynptr_from_mem}) may be overwritten, which destroys it and the slices taken
 * from it; a ring buffer one ({@code bpf_ringbuf_reserve_dynptr}) holds an acquired reference, even
 * when the reservation fails, which only {@code bpf_ringbuf_submit_dynptr} or
 * {@code bpf_ringbuf_discard_dynptr} release, and may not be overwritten.
 *
 * <p>Only a dynptr at an exact constant offset is followed; where the slots hold bytes written in a
 * way the verifier does not follow ({@link State#LOSSY}), nothing is refused.
 */
final class Dynptrs {
    static final int LOCAL = 0;
    static final int RINGBUF = 1;
    /** Bytes of a {@code struct bpf_dynptr}: two stack slots. */
    static final int SIZE = 16;

    private Dynptrs() {
    }

    /**
     * The spill marking one slot of a dynptr: {@code id} the dynptr's id (which its slices carry),
     * {@code map} its type ({@link #LOCAL}, {@link #RINGBUF}), {@code mapUid} its reference id (0 for
     * none), {@code off} 0 for the first (lower) slot and 8 for the second.
     */
    static Reg marker(int id, int type, int ref, int part) {
        return new Reg(Kind.DYNPTR, Scalar.constant(0), part, id, 0, type, 0, 0, false, ref);
    }

    /**
     * A slice ({@code bpf_dynptr_data}): {@code range} bytes of memory or NULL, {@code map} the id of
     * the dynptr it came from, {@code mapUid} the dynptr's reference id, the kernel's
     * {@code dynptr_id} and {@code ref_obj_id}.
     */
    static Reg slice(int id, int size, Reg dynptr) {
        return new Reg(Kind.MEM_OR_NULL, Scalar.constant(0), 0, id, size, dynptr.id(), 0, 0, false, dynptr.mapUid());
    }

    /**
     * The stack offset of a dynptr argument (stack_slot_obj_get_spi), or null where the verifier
     * cannot tell it (a coarse offset).
     */
    static Integer offset(State s, int pc, int r, Reg arg) throws Explorer.Stop {
        Scalar var = arg.value();
        if (!var.exact()) {
            return null;
        }
        if (!var.isConst()) {
            throw Explorer.refuse(s, pc, "dynptr has to be at a constant offset");
        }
        long off = arg.off() + var.lo();
        if (off % 8 != 0 || off > -SIZE) {
            throw Explorer.refuse(s, pc, "cannot pass in dynptr at an offset=" + off);
        }
        return off < -State.STACK_SIZE ? null : (int) off;
    }

    /** A dynptr argument that is not on the stack (check_reg_type against PTR_TO_STACK and CONST_PTR_TO_DYNPTR). */
    static void checkType(State s, int pc, int r, Reg arg) throws Explorer.Stop {
        if (arg.kind() == Kind.STACK || arg.kind() == Kind.UNMODELLED || arg.isScalar() && !arg.value().exact()) {
            return;
        }
        throw Explorer.refuse(s, pc, "R" + r + " type=" + arg.kind().logName + " expected=fp, dynptr_ptr");
    }

    /**
     * The dynptr an initialised-dynptr argument points at (is_dynptr_reg_valid_init), its first
     * slot's marker; null where the verifier cannot tell.
     */
    static Reg initialised(State s, int pc, int r, Reg arg) throws Explorer.Stop {
        int at = stackIndex(s, pc, r, arg);
        if (at < 0) {
            return null;
        }
        State.Frame frame = s.frames[arg.frame()];
        boolean all = true;
        for (int i = at; i < at + SIZE; i++) {
            if (frame.stack[i] == State.LOSSY) {
                return null;
            }
            all &= frame.stack[i] == State.DYNPTR;
        }
        Reg first = frame.spills[at / 8];
        if (!all || first == null || first.kind() != Kind.DYNPTR || first.off() != 0) {
            throw Explorer.refuse(s, pc, "Expected an initialized dynptr as arg #" + (r - 1));
        }
        return first;
    }

    /**
     * The argument of bpf_ringbuf_submit_dynptr and bpf_ringbuf_discard_dynptr, a release: its
     * first slot must hold a reference (else {@code arg 1 is an unacquired reference}), and it must
     * be an initialised dynptr. Returns its marker, or null where the verifier cannot tell.
     */
    static Reg released(State s, int pc, Reg arg) throws Explorer.Stop {
        checkType(s, pc, 1, arg);
        if (arg.kind() != Kind.STACK || !arg.value().exact()) {
            return null;
        }
        Scalar var = arg.value();
        long off = arg.off() + (var.isConst() ? var.lo() : 0);
        if (!var.isConst() || off % 8 != 0 || off > -SIZE) {
            // dynptr_get_spi fails: the kernel says so, then that no reference is held there
            throw Explorer.refuse(s, pc, "arg 1 is an unacquired reference");
        }
        if (off < -State.STACK_SIZE) {
            return null;
        }
        State.Frame frame = s.frames[arg.frame()];
        int at = (int) off + State.STACK_SIZE;
        for (int i = at; i < at + 8; i++) {
            if (frame.stack[i] == State.LOSSY) {
                return null;
            }
        }
        Reg first = frame.spills[at / 8];
        boolean unacquired = first == null || first.isScalar() || first.kind() == Kind.DYNPTR && first.mapUid() == 0;
        if (unacquired) {
            throw Explorer.refuse(s, pc, "arg 1 is an unacquired reference");
        }
        if (first.kind() != Kind.DYNPTR) {
            // another spilled pointer: whether the kernel holds a reference there is not followed
            return null;
        }
        return initialised(s, pc, 1, arg);
    }

    /**
     * The checks an uninitialised-dynptr argument gets before the helper makes it (its offset,
     * then destroy_if_dynptr_stack_slot on both slots). Returns the offset, or null where the
     * verifier cannot tell.
     */
    static Integer uninitialised(State s, int pc, int r, Reg arg) throws Explorer.Stop {
        int at = stackIndex(s, pc, r, arg);
        if (at < 0) {
            return null;
        }
        State.Frame frame = s.frames[arg.frame()];
        destroy(s, pc, frame, at / 8);
        destroy(s, pc, frame, at / 8 + 1);
        return at - State.STACK_SIZE;
    }

    /**
     * Where in its frame's stack bytes a dynptr argument starts, after the checks of its type and
     * offset both kinds of argument get; -1 where the verifier cannot tell.
     */
    private static int stackIndex(State s, int pc, int r, Reg arg) throws Explorer.Stop {
        checkType(s, pc, r, arg);
        if (arg.kind() != Kind.STACK) {
            return -1;
        }
        Integer off = offset(s, pc, r, arg);
        return off == null ? -1 : off + State.STACK_SIZE;
    }

    /** Makes a dynptr in the 16 bytes at {@code off} of the frame (mark_stack_slots_dynptr); ref is 0 for none. */
    static void make(State.Frame frame, int off, int id, int type, int ref) {
        int at = off + State.STACK_SIZE;
        Arrays.fill(frame.stack, at, at + SIZE, State.DYNPTR);
        frame.spills[at / 8] = marker(id, type, ref, 0);
        frame.spills[at / 8 + 1] = marker(id, type, ref, 8);
    }

    /**
     * destroy_if_dynptr_stack_slot: a write into a slot of a dynptr destroys it (both slots become
     * invalid, its slices unknown scalars) unless it holds a reference, which is refused.
     */
    static void destroy(State s, int pc, State.Frame frame, int slot) throws Explorer.Stop {
        if (slot < 0 || slot >= frame.spills.length || frame.stack[slot * 8] != State.DYNPTR) {
            return;
        }
        Reg m = frame.spills[slot];
        if (m == null || m.kind() != Kind.DYNPTR) {
            return;
        }
        int first = m.off() == 0 ? slot : slot - 1;
        if (m.mapUid() != 0) {
            throw Explorer.refuse(s, pc, "cannot overwrite referenced dynptr");
        }
        clear(frame, first);
        int id = m.id();
        s.forEachReg(x -> isSlice(x) && x.map() == id ? Reg.UNKNOWN_SCALAR : x);
    }

    /**
     * bpf_ringbuf_submit_dynptr and bpf_ringbuf_discard_dynptr after the checks: the reference is
     * released (release_reference: every slice of it becomes an unknown scalar) and every dynptr of
     * the frame holding it is no longer initialised (unmark_stack_slots_dynptr).
     */
    static void release(State s, State.Frame frame, Reg dynptr) {
        int ref = dynptr.mapUid();
        s.release(ref);
        s.forEachReg(x -> isSlice(x) && x.mapUid() == ref ? Reg.UNKNOWN_SCALAR : x);
        for (int slot = 0; slot < frame.spills.length; slot++) {
            Reg m = frame.spills[slot];
            if (m != null && m.kind() == Kind.DYNPTR && m.mapUid() == ref && m.off() == 0 && frame.stack[slot * 8] == State.DYNPTR) {
                clear(frame, slot);
            }
        }
    }

    /** The kernel's invalidate_dynptr: both slots invalid. */
    private static void clear(State.Frame frame, int first) {
        Arrays.fill(frame.stack, first * 8, first * 8 + SIZE, State.INVALID);
        frame.spills[first] = null;
        frame.spills[first + 1] = null;
    }

    private static boolean isSlice(Reg r) {
        return (r.kind() == Kind.MEM || r.kind() == Kind.MEM_OR_NULL) && r.map() > 0;
    }

    /** The first byte of a dynptr in [at, at + size) of the frame's stack, or -1. */
    static int firstByte(State.Frame frame, int at, int size) {
        for (int i = Math.max(at, 0); i < at + size && i < State.STACK_SIZE; i++) {
            if (frame.stack[i] == State.DYNPTR) {
                return i;
            }
        }
        return -1;
    }
}
