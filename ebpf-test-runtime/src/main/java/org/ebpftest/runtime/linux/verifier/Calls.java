package org.ebpftest.runtime.linux.verifier;

import java.util.Arrays;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Helper calls (availability per program type, GPL, argument registers, map arguments, what r0
 * holds afterwards), bpf-to-bpf calls (a new frame, at most eight), kfunc calls (not modelled: the
 * path goes on uncertain) and exits.
 */
final class Calls {
    private final Explorer ex;

    Calls(Explorer ex) {
        this.ex = ex;
    }

    int call(State s, int pc, Instruction insn, Explorer.Checkpoint cp) throws Explorer.Stop {
        switch (insn.src()) {
            case 0:
                helper(s, pc, insn.imm());
                return pc + 1;
            case 1:
                return local(s, pc, pc + insn.imm() + 1);
            default:
                // a kfunc: its prototype comes from the kernel's BTF, which is not modelled yet
                clobber(s);
                s.set(0, Reg.UNMODELLED);
                s.certain = false;
                return pc + 1;
        }
    }

    private static void clobber(State s) {
        for (int r = 1; r <= 5; r++) {
            s.set(r, Reg.NOT_INIT);
        }
    }

    private void helper(State s, int pc, int id) throws Explorer.Stop {
        if (id < 0 || id > HelperId.maxId()) {
            throw Explorer.refuse(s, pc, "invalid func unknown#" + id);
        }
        String name = HelperId.nameOf(id);
        if (id > 0 && !HelperProtos.availableTo(id, ex.type)) {
            throw Explorer.refuse(s, pc, "program of this type cannot use helper " + name + "#" + id);
        }
        if (!ex.gplCompatible && HelperProtos.gplOnly(id, ex.type)) {
            throw Explorer.refuse(s, pc, "cannot call GPL-restricted function from non-GPL compatible program");
        }
        HelperProtos.Proto proto = HelperProtos.proto(id);
        for (int r = 1; r <= proto.args(); r++) {
            Semantics.read(s, pc, r);
        }
        Reg result = isRingbuf(id) ? ringbuf(s, pc, id) : mapArguments(s, pc, id);
        // a helper may write through any stack pointer it is given: those bytes are no longer known
        if (!isMapAccess(id)) {
            for (int r = 1; r <= 5; r++) {
                Reg arg = s.reg(r);
                if (arg.kind() == Kind.STACK) {
                    forgetStackFrom(s.frames[arg.frame()], arg);
                }
            }
        }
        if (HelperProtos.changesPacketData(id)) {
            s.forEachReg(r -> r.isPacket() || r.kind() == Kind.PACKET_END ? Reg.UNKNOWN_SCALAR : r);
        }
        clobber(s);
        if (result != null) {
            s.set(0, result);
            return;
        }
        s.set(0, switch (proto.ret()) {
            case INTEGER -> narrowedByKernel(id) ? Reg.COARSE_SCALAR : Reg.UNKNOWN_SCALAR;
            case VOID -> Reg.NOT_INIT;
            default -> Reg.UNMODELLED;
        });
    }

    /**
     * Helpers whose integer result the kernel bounds (do_refine_retval_range: the CPU count, the
     * size read): an unknown exact result would not be a subset of the kernel's, so it is coarse.
     */
    private static boolean narrowedByKernel(int id) {
        return id == HelperId.GET_SMP_PROCESSOR_ID.id() || id == HelperId.GET_STACK.id() || id == HelperId.GET_TASK_STACK.id()
                || id == HelperId.PROBE_READ_STR.id() || id == HelperId.PROBE_READ_USER_STR.id()
                || id == HelperId.PROBE_READ_KERNEL_STR.id();
    }

    private static boolean isRingbuf(int id) {
        return id == HelperId.RINGBUF_RESERVE.id() || id == HelperId.RINGBUF_SUBMIT.id() || id == HelperId.RINGBUF_DISCARD.id();
    }

    /**
     * bpf_ringbuf_reserve acquires a reference to or-NULL memory, which bpf_ringbuf_submit and
     * bpf_ringbuf_discard release (every copy of the pointer becomes a scalar). A reservation this
     * verifier cannot follow (a map or size it does not know) gives an unmodelled pointer, and a
     * release it cannot follow makes the path uncertain, as which references remain is then unknown.
     */
    private Reg ringbuf(State s, int pc, int id) throws Explorer.Stop {
        Reg arg = s.reg(1);
        if (id == HelperId.RINGBUF_RESERVE.id()) {
            Reg size = s.reg(2);
            boolean known = arg.kind() == Kind.MAP_PTR && ex.maps.get(arg.map()).type() == MapType.RINGBUF
                    && size.isScalar() && size.value().exact() && size.value().isConst();
            if (!known) {
                return Reg.UNMODELLED;
            }
            ex.newId(); // the kernel numbers the or-NULL id first, then the reference
            int ref = ex.newId();
            s.acquire(ref, pc);
            return new Reg(Kind.RINGBUF_MEM_OR_NULL, Scalar.constant(0), 0, ref, (int) size.value().lo(), -1, 0, 0, false);
        }
        if (arg.kind() == Kind.RINGBUF_MEM_OR_NULL) {
            throw Explorer.refuse(s, pc, "R1 type=ringbuf_mem_or_null expected=ringbuf_mem");
        }
        boolean unmoved = arg.off() == 0 && arg.value().exact() && arg.value().isConst() && arg.value().lo() == 0;
        if (arg.kind() == Kind.RINGBUF_MEM && unmoved && s.release(arg.id())) {
            int ref = arg.id();
            s.forEachReg(r -> (r.kind() == Kind.RINGBUF_MEM || r.kind() == Kind.RINGBUF_MEM_OR_NULL) && r.id() == ref ? Reg.UNKNOWN_SCALAR : r);
            return null;
        }
        s.certain = false;
        return null;
    }

    private static boolean isMapAccess(int id) {
        return id == HelperId.MAP_LOOKUP_ELEM.id() || id == HelperId.MAP_UPDATE_ELEM.id() || id == HelperId.MAP_DELETE_ELEM.id();
    }

    private static void forgetStackFrom(State.Frame frame, Reg ptr) {
        if (!ptr.value().isConst() || !ptr.value().exact()) {
            Arrays.fill(frame.stack, State.LOSSY);
            Arrays.fill(frame.spills, null);
            return;
        }
        int from = Math.max(0, ptr.off() + State.STACK_SIZE);
        for (int i = from; i < State.STACK_SIZE; i++) {
            frame.stack[i] = State.LOSSY;
        }
        for (int slot = from / 8; slot < frame.spills.length; slot++) {
            frame.spills[slot] = null;
        }
    }

    /** The map helpers' first two arguments, and the or-NULL value a lookup returns; null for other helpers. */
    private Reg mapArguments(State s, int pc, int id) throws Explorer.Stop {
        if (!isMapAccess(id)) {
            return null;
        }
        Reg map = s.reg(1);
        if (map.kind() == Kind.UNMODELLED) {
            return id == HelperId.MAP_LOOKUP_ELEM.id() ? Reg.UNMODELLED : null;
        }
        if (map.kind() != Kind.MAP_PTR) {
            throw Explorer.refuse(s, pc, "R1 type=" + map.kind().logName + " expected=map_ptr");
        }
        Reg key = s.reg(2);
        if (key.kind() == Kind.SCALAR || key.kind() == Kind.PACKET_END || key.kind() == Kind.MAP_PTR || key.kind() == Kind.CTX
                || key.kind() == Kind.MAP_VALUE_OR_NULL && !key.maybeNonNull()) {
            throw Explorer.refuse(s, pc, "R2 type=" + key.kind().logName
                    + " expected=fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_");
        }
        if (id != HelperId.MAP_LOOKUP_ELEM.id()) {
            return null;
        }
        MapInfo info = ex.maps.get(map.map());
        MapType type = info.type();
        boolean valueMap = switch (type) {
            case HASH, ARRAY, PERCPU_HASH, PERCPU_ARRAY, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE -> true;
            default -> false;
        };
        if (!valueMap) {
            return Reg.UNMODELLED;
        }
        // Linux 6.18 knows that a lookup of a constant in-range key in an array cannot fail; which
        // keys it sees as constant is not modelled, so the NULL-ness of array lookups is left open
        boolean array = type == MapType.ARRAY || type == MapType.PERCPU_ARRAY;
        return Reg.mapValue(Kind.MAP_VALUE_OR_NULL, map.map(), 0, ex.newId(), array);
    }

    private int local(State s, int pc, int target) throws Explorer.Stop {
        int subprog = ex.cfg.subprogOf[target];
        if (ex.globalFunction[subprog]) {
            // the kernel verifies a global function on its own, from its BTF prototype: not modelled yet
            clobber(s);
            s.set(0, Reg.UNMODELLED);
            return pc + 1;
        }
        if (s.frames.length >= Explorer.MAX_CALL_FRAMES) {
            throw Explorer.refuse(s, pc, "the call stack of " + (s.frames.length + 1) + " frames is too deep");
        }
        State.Frame callee = new State.Frame(pc, subprog);
        State.Frame caller = s.cur();
        for (int r = 1; r <= 5; r++) {
            callee.regs[r] = caller.regs[r];
        }
        callee.regs[10] = Reg.stack(s.frames.length, 0);
        State.Frame[] frames = Arrays.copyOf(s.frames, s.frames.length + 1);
        frames[frames.length - 1] = callee;
        s.frames = frames;
        s.trail = State.Trail.add(s.trail, pc, "");
        return target;
    }

    int exit(State s, int pc) throws Explorer.Stop {
        if (s.frames.length == 1) {
            if (s.refs.length > 0) {
                throw Explorer.refuse(s, pc, "Unreleased reference id=" + s.refs[0] + " alloc_insn=" + s.refs[1]);
            }
            Reg r0 = Semantics.read(s, pc, 0);
            if (ex.returnRange != null) {
                ex.returnRange.check(s, pc, r0);
            }
            return -1;
        }
        State.Frame callee = s.cur();
        Reg r0 = callee.regs[0];
        s.frames = Arrays.copyOf(s.frames, s.frames.length - 1);
        State.Frame caller = s.cur();
        clobber(s);
        caller.regs[0] = r0.kind() == Kind.STACK && r0.frame() >= s.frames.length ? Reg.UNMODELLED : r0;
        return callee.callsite + 1;
    }
}
