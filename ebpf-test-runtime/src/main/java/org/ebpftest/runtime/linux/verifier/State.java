package org.ebpftest.runtime.linux.verifier;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The abstract state of one path: a stack of call frames, each with its registers and its 512-byte
 * stack, and whether the path is certain (every branch it took, the kernel's verifier takes too).
 * Mutable: a path changes its state in place, and a branch copies it.
 */
final class State {
    static final int STACK_SIZE = 512;
    static final byte INVALID = 0;
    static final byte MISC = 1;
    static final byte ZERO = 2;
    static final byte SPILL = 3;
    /** Bytes written in a way the verifier does not follow (by a helper, at a variable offset): reads decide nothing. */
    static final byte LOSSY = 4;
    /** A slot of a {@code struct bpf_dynptr} a helper made ({@code STACK_DYNPTR}; {@link Dynptrs}): neither read nor written directly. */
    static final byte DYNPTR = 5;

    /** One call frame: registers, stack bytes and spilled registers, and where to return. */
    static final class Frame {
        final Reg[] regs = new Reg[11];
        final byte[] stack = new byte[STACK_SIZE];
        final Reg[] spills = new Reg[STACK_SIZE / 8];
        final int callsite;
        final int subprog;
        /** For a callback's frame (bpf_loop, bpf_for_each_map_elem), what it may return; null otherwise. */
        ReturnRange callbackReturn;
        /** True for a timer or work queue callback's frame, which the kernel walks as a program of its own (in_async_callback_fn). */
        boolean async;

        Frame(int callsite, int subprog) {
            this(callsite, subprog, true);
        }

        private Frame(int callsite, int subprog, boolean clear) {
            this.callsite = callsite;
            this.subprog = subprog;
            if (clear) {
                Arrays.fill(regs, Reg.NOT_INIT);
            }
        }

        Frame copy() {
            Frame f = new Frame(callsite, subprog, false);
            System.arraycopy(regs, 0, f.regs, 0, regs.length);
            System.arraycopy(stack, 0, f.stack, 0, stack.length);
            System.arraycopy(spills, 0, f.spills, 0, spills.length);
            f.callbackReturn = callbackReturn;
            f.async = async;
            return f;
        }
    }

    Frame[] frames;
    /** Acquired references not yet released, as pairs (id, pc of the acquiring call): the kernel's acquired_refs. */
    int[] refs = new int[0];
    /** The map whose bpf_spin_lock this path holds, or -1: the kernel's active_lock. */
    int lockMap = -1;
    /** The id of the map value whose lock is held (0 for a global value). */
    int lockId;
    boolean certain = true;
    Trail trail;
    /** Instructions walked since this path last kept a checkpoint. */
    int sinceCheckpoint = Integer.MAX_VALUE / 2;
    /** Jump-class instructions walked since this path last kept a checkpoint. */
    int jumpsSinceCheckpoint = Integer.MAX_VALUE / 2;

    State(Frame[] frames, Trail trail) {
        this.frames = frames;
        this.trail = trail;
    }

    State copy() {
        Frame[] fs = new Frame[frames.length];
        for (int i = 0; i < fs.length; i++) {
            fs[i] = frames[i].copy();
        }
        State s = new State(fs, trail);
        s.certain = certain;
        s.refs = refs;
        s.lockMap = lockMap;
        s.lockId = lockId;
        s.sinceCheckpoint = sinceCheckpoint;
        s.jumpsSinceCheckpoint = jumpsSinceCheckpoint;
        return s;
    }

    /** Records a reference acquired by the call at pc. */
    void acquire(int id, int pc) {
        refs = Arrays.copyOf(refs, refs.length + 2);
        refs[refs.length - 2] = id;
        refs[refs.length - 1] = pc;
    }

    /** Drops a reference; false when it is not held. */
    boolean release(int id) {
        for (int i = 0; i < refs.length; i += 2) {
            if (refs[i] == id) {
                int[] rest = new int[refs.length - 2];
                System.arraycopy(refs, 0, rest, 0, i);
                System.arraycopy(refs, i + 2, rest, i, refs.length - i - 2);
                refs = rest;
                return true;
            }
        }
        return false;
    }

    Frame cur() {
        return frames[frames.length - 1];
    }

    Reg reg(int r) {
        return cur().regs[r];
    }

    void set(int r, Reg v) {
        cur().regs[r] = v;
    }

    /** Applies a change to every register and spilled register of every frame, as the kernel's bpf_for_each_reg_in_vstate. */
    void forEachReg(UnaryOperator<Reg> change) {
        for (Frame f : frames) {
            for (int i = 0; i < f.regs.length; i++) {
                f.regs[i] = change.apply(f.regs[i]);
            }
            for (int i = 0; i < f.spills.length; i++) {
                if (f.spills[i] != null) {
                    f.spills[i] = change.apply(f.spills[i]);
                }
            }
        }
    }

    /** A hash of the current frame's registers and the frame count: equal states have equal ones. */
    int quickHash() {
        return Arrays.hashCode(cur().regs) * 31 + frames.length;
    }

    /** Exact equality of everything the checks depend on, for infinite-loop detection. */
    boolean sameAs(State o) {
        if (o.frames.length != frames.length || !Arrays.equals(refs, o.refs) || lockMap != o.lockMap || lockId != o.lockId) {
            return false;
        }
        for (int i = 0; i < frames.length; i++) {
            Frame a = frames[i];
            Frame b = o.frames[i];
            if (a.callsite != b.callsite || !Arrays.equals(a.regs, b.regs) || !Arrays.equals(a.stack, b.stack)
                    || !Arrays.equals(a.spills, b.spills)) {
                return false;
            }
        }
        return true;
    }

    /** True when nothing in the state is unmodelled or coarse, so that equal states mean the kernel's are equal too. */
    boolean fullyModelled() {
        for (Frame f : frames) {
            for (Reg r : f.regs) {
                if (r.kind() == Reg.Kind.UNMODELLED || (r.kind() != Reg.Kind.NOT_INIT && !r.value().exact())) {
                    return false;
                }
            }
            for (byte b : f.stack) {
                if (b == LOSSY) {
                    return false;
                }
            }
            for (Reg r : f.spills) {
                if (r != null && !r.exact()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The decisions that led to a state, newest first, as the tail of the kernel's log shows them:
     * a branch at a pc and how it went, or a call. Text is made only when a refusal shows it.
     */
    record Trail(int pc, String how, Trail previous) {
        static Trail add(Trail t, int pc, String how) {
            return new Trail(pc, how, t);
        }
    }
}
