package org.ebpftest.runtime.linux.verifier;

import java.util.Arrays;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Helper calls (availability per program type, GPL, argument registers, map arguments, what r0
 * holds afterwards), bpf-to-bpf calls (a new frame, at most eight; a global function's arguments
 * checked against its prototype instead, its body walked on its own), kfunc calls (not modelled: the
 * path goes on uncertain) and exits.
 */
final class Calls {
    private final Explorer ex;
    private final ArgumentChecks args;
    private final MemoryAccess memory;
    /** What bpf_ringbuf_reserve left for r0. */
    private Reg reserved;
    /** Per subprogram, whether it may change the packet: 1 yes, -1 no, 0 not yet known. */
    private int[] packetChanging;

    Calls(Explorer ex, MemoryAccess memory) {
        this.ex = ex;
        this.args = new ArgumentChecks(ex, memory);
        this.memory = memory;
    }

    int call(State s, int pc, Instruction insn, Explorer.Checkpoint cp) throws Explorer.Stop {
        switch (insn.src()) {
            case 0:
                if (s.lockMap >= 0 && insn.imm() != HelperId.SPIN_UNLOCK.id()) {
                    throw Explorer.refuse(s, pc, "function calls are not allowed while holding a lock");
                }
                helper(s, pc, insn.imm(), cp);
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

    private void helper(State s, int pc, int id, Explorer.Checkpoint cp) throws Explorer.Stop {
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
        if (HelperProtos.mightSleep(id, ex.type)) {
            throw Explorer.refuse(s, pc, "helper call might sleep in a non-sleepable prog");
        }
        HelperProtos.Proto proto = HelperProtos.proto(id);
        HelperArgs.Arg[] kinds = HelperProtos.checksArguments(ex.type, id) ? HelperArgs.of(id, ex.type) : null;
        MapInfo map = null;
        args.beginCall(id);
        // a variant of the helper for this program type may read more arguments than the fewest the prototype keeps
        int read = kinds != null ? kinds.length : proto.args();
        for (int r = 1; r <= read; r++) {
            Reg arg = Semantics.read(s, pc, r);
            if (arg.isScalar()) {
                // sizes, constant keys and flags the kernel checks: taken as precise, whichever the prototype says
                ex.precision.use(pc, r);
            }
            if (kinds != null && r <= kinds.length) {
                MapInfo m = args.check(s, pc, r, arg, kinds[r - 1], map);
                if (m != null) {
                    map = m;
                }
            }
        }
        if (map != null) {
            String why = HelperArgs.mapCompatibility(id, map.type());
            if (why != null) {
                throw Explorer.refuse(s, pc, why);
            }
            boolean sockets = map.type() == MapType.SOCKMAP || map.type() == MapType.SOCKHASH;
            if (sockets && (id == HelperId.MAP_UPDATE_ELEM.id() || id == HelperId.MAP_DELETE_ELEM.id())
                    && !HelperArgs.mayUpdateSockmap(ex.type, id)) {
                throw Explorer.refuse(s, pc, "cannot update sockmap in this context",
                        "cannot pass map_type " + map.type().id() + " into func " + HelperId.nameOf(id) + "#" + id);
            }
        }
        if (id == HelperId.DYNPTR_FROM_MEM.id() && kinds != null) {
            dynptrFromMemData(s, pc);
        }
        if (id == HelperId.TAIL_CALL.id() && s.refs.length > 0 && s.frames.length == 1) {
            // a tail call that succeeds never returns: what the program holds would leak (main frame
            // only, as check_reference_leak skips subprograms)
            throw Explorer.refuse(s, pc, "tail_call would lead to reference leak");
        }
        Reg result = null;
        if (kinds != null && isDynptr(id)) {
            result = dynptr(s, pc, id);
        } else if (isRingbuf(id)) {
            ringbuf(s, pc, id);
            result = reserved;
            reserved = null;
        } else if (id == HelperId.SK_LOOKUP_TCP.id() || id == HelperId.SK_LOOKUP_UDP.id() || id == HelperId.SKC_LOOKUP_TCP.id()) {
            result = socketLookup(s, pc, id);
        } else if (kinds != null && (id == HelperId.SK_FULLSOCK.id() || id == HelperId.TCP_SOCK.id() || id == HelperId.GET_LISTENER_SOCK.id())) {
            result = socketCast(s, id);
        } else if (id == HelperId.SK_RELEASE.id()) {
            releaseSocket(s, s.reg(1));
        } else if (id == HelperId.SPIN_LOCK.id() || id == HelperId.SPIN_UNLOCK.id()) {
            spinLock(s, pc, id == HelperId.SPIN_LOCK.id());
        } else if ((id == HelperId.LOOP.id() || id == HelperId.FOR_EACH_MAP_ELEM.id()) && kinds != null) {
            callback(s, pc, id, cp);
        } else if (isTimer(id)) {
            timer(s, pc, id, cp);
        } else if (id == HelperId.GET_LOCAL_STORAGE.id() && map != null) {
            result = localStorage(s, pc, map);
        } else {
            result = mapArguments(s, id);
        }
        // a helper may write through any stack pointer it is given: those bytes are no longer known
        if (!isMapAccess(id)) {
            for (int r = 1; r <= 5; r++) {
                Reg arg = s.reg(r);
                if (arg.kind() == Kind.STACK && !(kinds != null && args.dynptrArgument(r))) {
                    forgetStackFrom(s.frames[arg.frame()], arg);
                }
            }
        }
        int[] written = args.writtenStack();
        if (written != null) {
            // the bytes the helper writes are written by the kernel's byte stores after the call:
            // initialised, unknown scalars, the spills they cover gone (forgetStackFrom dropped them)
            Arrays.fill(s.frames[written[0]].stack, written[1] + State.STACK_SIZE, written[1] + State.STACK_SIZE + written[2], State.MISC);
        }
        int[] made = args.newDynptr();
        if (made != null) {
            // the helper makes the dynptr after the checks (mark_stack_slots_dynptr); a ring buffer's
            // holds a reference whether or not the reservation succeeds
            int dynptrId = ex.newId();
            int ref = 0;
            if (id == HelperId.RINGBUF_RESERVE_DYNPTR.id()) {
                ref = ex.newId();
                s.acquire(ref, pc);
            }
            Dynptrs.make(s.frames[made[0]], made[1], dynptrId, ref == 0 ? Dynptrs.LOCAL : Dynptrs.RINGBUF, ref);
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
     * bpf_sk_lookup_tcp, bpf_sk_lookup_udp and bpf_skc_lookup_tcp acquire a reference to a socket or
     * NULL, which bpf_sk_release releases after the NULL check.
     */
    private Reg socketLookup(State s, int pc, int id) {
        ex.newId(); // the kernel numbers the or-NULL id first, then the reference
        int ref = ex.newId();
        s.acquire(ref, pc);
        Kind kind = id == HelperId.SKC_LOOKUP_TCP.id() ? Kind.SOCK_COMMON_OR_NULL : Kind.SOCKET_OR_NULL;
        return Reg.socket(kind, ref, ref);
    }

    /**
     * bpf_sk_fullsock, bpf_tcp_sock and bpf_get_listener_sock (their argument already checked): a
     * socket or NULL under an id of its own. The first two are casts (is_ptr_cast_function): their
     * result holds the reference their argument holds, so releasing either releases both; the
     * listener socket holds none.
     */
    private Reg socketCast(State s, int id) {
        Reg arg = s.reg(1);
        if (!arg.isSocket()) {
            return null;
        }
        Kind kind = id == HelperId.TCP_SOCK.id() ? Kind.TCP_SOCK_OR_NULL : Kind.SOCKET_OR_NULL;
        return Reg.socket(kind, ex.newId(), id == HelperId.GET_LISTENER_SOCK.id() ? 0 : arg.ref());
    }

    /**
     * Releases the reference an argument holds (every copy of it becomes a scalar). A release this
     * verifier cannot follow makes the path uncertain, as which references remain is then unknown.
     */
    private static void release(State s, Reg arg, Kind kind) {
        boolean unmoved = arg.off() == 0 && arg.value().exact() && arg.value().isConst() && arg.value().lo() == 0;
        if (arg.kind() == kind && unmoved && s.release(arg.id())) {
            int ref = arg.id();
            s.forEachReg(r -> r.id() == ref && r.nonNullKind() == kind ? Reg.UNKNOWN_SCALAR : r);
            return;
        }
        s.certain = false;
    }

    /**
     * bpf_sk_release: the reference a socket holds is released, and every socket holding it, the
     * casts of it too (release_reference), becomes an unknown scalar. A release this verifier cannot
     * follow makes the path uncertain.
     */
    private static void releaseSocket(State s, Reg arg) {
        boolean kindOk = arg.kind() == Kind.SOCKET || arg.kind() == Kind.SOCK_COMMON || arg.kind() == Kind.TCP_SOCK;
        int ref = arg.ref();
        if (kindOk && ref != 0 && s.release(ref)) {
            s.forEachReg(r -> r.ref() == ref ? Reg.UNKNOWN_SCALAR : r);
            return;
        }
        s.certain = false;
    }

    /**
     * The kernel's check_map_field_pointer: r1 must point, at a constant offset, at the one field of
     * its kind the map value holds (a {@code bpf_spin_lock} or {@code bpf_timer} at fieldOffset, or
     * one of MapInfo's NO_BTF and NO_SPIN_LOCK, which stands for "no such field" for either kind).
     * An offset the verifier does not know exactly makes the path uncertain instead.
     */
    private static void checkFieldPointer(State s, int pc, Reg arg, MapInfo map, String struct, int fieldOffset) throws Explorer.Stop {
        Scalar var = arg.value();
        if (var.exact() && !var.isConst()) {
            throw Explorer.refuse(s, pc, "R1 doesn't have constant offset. " + struct + " has to be at the constant offset");
        }
        if (fieldOffset == MapInfo.NO_BTF) {
            throw Explorer.refuse(s, pc, "map '" + map.name() + "' has to have BTF in order to use " + struct);
        }
        if (fieldOffset == MapInfo.NO_SPIN_LOCK) {
            throw Explorer.refuse(s, pc, "map '" + map.name() + "' has no valid " + struct);
        }
        if (!var.exact()) {
            s.certain = false;
        } else if (arg.off() + var.lo() != fieldOffset) {
            throw Explorer.refuse(s, pc, "off " + (arg.off() + var.lo()) + " doesn't point to 'struct " + struct + "' that is at " + fieldOffset);
        }
    }

    /** bpf_spin_lock and bpf_spin_unlock after the argument checks: the kernel's process_spin_lock. */
    private void spinLock(State s, int pc, boolean lock) throws Explorer.Stop {
        Reg arg = s.reg(1);
        if (arg.kind() != Kind.MAP_VALUE && arg.kind() != Kind.MAP_VALUE_OR_NULL) {
            // a lock this verifier does not follow: whether one is held is not known
            s.certain = false;
            return;
        }
        MapInfo map = ex.maps.get(arg.map());
        checkFieldPointer(s, pc, arg, map, "bpf_spin_lock", map.spinLockOffset());
        if (lock) {
            if (s.lockMap >= 0) {
                throw Explorer.refuse(s, pc, "Locking two bpf_spin_locks are not allowed");
            }
            s.lockMap = arg.map();
            s.lockId = arg.id();
            return;
        }
        if (s.lockMap < 0) {
            throw Explorer.refuse(s, pc, "bpf_spin_unlock without taking a lock");
        }
        if (s.lockMap != arg.map()) {
            throw Explorer.refuse(s, pc, "bpf_spin_unlock of different lock");
        }
        if (s.lockId != arg.id()) {
            // the kernel compares ids too, which this verifier numbers differently
            s.certain = false;
        }
        s.lockMap = -1;
        s.lockId = 0;
    }

    private static boolean isTimer(int id) {
        return id == HelperId.TIMER_INIT.id() || id == HelperId.TIMER_SET_CALLBACK.id() || id == HelperId.TIMER_START.id()
                || id == HelperId.TIMER_CANCEL.id();
    }

    /**
     * The timer helpers after the argument checks: the kernel's process_timer_func (r1 points at
     * the {@code struct bpf_timer} of a map value whose BTF declares it), bpf_timer_init's map
     * matching the timer's, and bpf_timer_set_callback's callback walked as the kernel walks an
     * async callback: a program of its own, from a fresh frame, with r1 the map, r2 the key, r3
     * the value, and 0 the only value it may return.
     */
    private void timer(State s, int pc, int id, Explorer.Checkpoint cp) throws Explorer.Stop {
        Reg arg = s.reg(1);
        if (arg.kind() != Kind.MAP_VALUE) {
            // a pointer this verifier does not follow to a map value
            s.certain = false;
            return;
        }
        MapInfo map = ex.maps.get(arg.map());
        checkFieldPointer(s, pc, arg, map, "bpf_timer", map.timerOffset());
        if (id == HelperId.TIMER_INIT.id()) {
            // two inner maps of one outer map share its template (map) and differ by the lookup that gave them (map_uid)
            Reg m = s.reg(2);
            if (m.kind() == Kind.MAP_PTR && (m.map() != arg.map() || m.mapUid() != arg.mapUid())) {
                throw Explorer.refuse(s, pc, "timer pointer in R1 map_uid=" + arg.mapUid() + " doesn't match map pointer in R2 map_uid="
                        + m.mapUid());
            }
        }
        Reg fn = s.reg(2);
        if (id != HelperId.TIMER_SET_CALLBACK.id() || fn.kind() != Kind.FUNC) {
            return;
        }
        int target = fn.off();
        int subprog = ex.cfg.subprogOf[target];
        State.Frame callee = new State.Frame(pc, subprog);
        callee.regs[1] = Reg.mapPointer(arg.map(), arg.mapUid());
        callee.regs[2] = new Reg(Kind.MAP_KEY, Scalar.constant(0), 0, 0, 0, arg.map(), 0, 0, false, arg.mapUid());
        callee.regs[3] = Reg.mapValue(Kind.MAP_VALUE, arg.map(), 0, 0, false, arg.mapUid());
        callee.regs[10] = Reg.stack(0, 0);
        callee.callbackReturn = new ReturnRange(0, 0);
        callee.async = true;
        State cb = s.copy();
        cb.frames = new State.Frame[] {callee};
        cb.refs = new int[0];
        cb.lockMap = -1;
        cb.lockId = 0;
        cb.trail = State.Trail.add(cb.trail, pc, "async callback");
        // the kernel's push_async_cb: a state of its own, not a branch of the caller's, so the caller's
        // checkpoints do not wait for it (callbacks that set each other are not a loop of the caller)
        ex.fork(cb, target, null, s.certain);
    }

    /**
     * bpf_loop and bpf_for_each_map_elem: the callback is walked as a new frame from the call, with
     * the arguments the kernel gives it (set_loop_callback_state, the maps'
     * map_set_for_each_callback_args), while the caller goes on as if it was called zero times, as
     * the kernel's first visit does.
     */
    private void callback(State s, int pc, int id, Explorer.Checkpoint cp) throws Explorer.Stop {
        Reg fn = s.reg(2);
        if (fn.kind() != Kind.FUNC) {
            return;
        }
        int target = fn.off();
        int subprog = ex.cfg.subprogOf[target];
        State.Frame callee = new State.Frame(pc, subprog);
        if (id == HelperId.LOOP.id()) {
            callee.regs[1] = Reg.COARSE_SCALAR;
            callee.regs[2] = s.reg(3);
        } else {
            Reg map = s.reg(1);
            if (map.kind() != Kind.MAP_PTR || !HelperArgs.plainValues(ex.maps.get(map.map()).type())
                    || ex.maps.get(map.map()).type() == MapType.QUEUE || ex.maps.get(map.map()).type() == MapType.STACK
                    || ex.maps.get(map.map()).type() == MapType.BLOOM_FILTER) {
                return;
            }
            callee.regs[1] = map;
            callee.regs[2] = new Reg(Kind.MAP_KEY, Scalar.constant(0), 0, 0, 0, map.map(), 0, 0, false, map.mapUid());
            callee.regs[3] = Reg.mapValue(Kind.MAP_VALUE, map.map(), 0, 0, false, map.mapUid());
            callee.regs[4] = s.reg(3);
        }
        if (s.frames.length >= Explorer.MAX_CALL_FRAMES) {
            throw Explorer.refuse(s, pc, "the call stack of " + (s.frames.length + 1) + " frames is too deep");
        }
        callee.callbackReturn = new ReturnRange(0, 1);
        State cb = s.copy();
        callee.regs[10] = Reg.stack(cb.frames.length, 0);
        State.Frame[] frames = Arrays.copyOf(cb.frames, cb.frames.length + 1);
        frames[frames.length - 1] = callee;
        cb.frames = frames;
        cb.trail = State.Trail.add(cb.trail, pc, "callback");
        ex.fork(cb, target, cp);
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

    private static boolean isDynptr(int id) {
        return id == HelperId.DYNPTR_DATA.id() || id == HelperId.RINGBUF_SUBMIT_DYNPTR.id() || id == HelperId.RINGBUF_DISCARD_DYNPTR.id();
    }

    /**
     * bpf_dynptr_data returns a slice of the dynptr (memory of the constant size asked for, or
     * NULL, which dies with the dynptr); bpf_ringbuf_submit_dynptr and bpf_ringbuf_discard_dynptr
     * release it ({@link Dynptrs#release}). A dynptr the checks could not follow gives an unmodelled
     * slice, and its release makes the path uncertain.
     */
    private Reg dynptr(State s, int pc, int id) {
        Reg dynptr = args.dynptr();
        if (id == HelperId.DYNPTR_DATA.id()) {
            Scalar len = s.reg(3).isScalar() ? s.reg(3).value() : Scalar.COARSE;
            if (dynptr == null || !len.exact() || !len.isConst() || len.lo() < 0 || len.lo() >= Integer.MAX_VALUE) {
                return Reg.UNMODELLED;
            }
            return Dynptrs.slice(ex.newId(), (int) len.lo(), dynptr);
        }
        if (dynptr == null || dynptr.mapUid() == 0) {
            s.certain = false;
            return null;
        }
        Dynptrs.release(s, s.frames[s.reg(1).frame()], dynptr);
        return null;
    }

    /** bpf_dynptr_from_mem takes its memory from a map value only (check_helper_call). */
    private static void dynptrFromMemData(State s, int pc) throws Explorer.Stop {
        Reg data = s.reg(1);
        switch (data.kind()) {
            case STACK, PACKET, PACKET_META, CTX, MAP_KEY, RINGBUF_MEM:
                throw Explorer.refuse(s, pc, "Unsupported reg type " + data.kind().logName + " for bpf_dynptr_from_mem data");
            default:
                return;
        }
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
    private void ringbuf(State s, int pc, int id) throws Explorer.Stop {
        Reg arg = s.reg(1);
        if (id == HelperId.RINGBUF_RESERVE.id()) {
            Reg size = s.reg(2);
            boolean known = arg.kind() == Kind.MAP_PTR && ex.maps.get(arg.map()).type() == MapType.RINGBUF
                    && size.isScalar() && size.value().exact() && size.value().isConst() && size.value().lo() >= 0
                    && size.value().lo() < Integer.MAX_VALUE;
            if (!known) {
                reserved = Reg.UNMODELLED;
                return;
            }
            ex.newId(); // the kernel numbers the or-NULL id first, then the reference
            int ref = ex.newId();
            s.acquire(ref, pc);
            reserved = new Reg(Kind.RINGBUF_MEM_OR_NULL, Scalar.constant(0), 0, ref, (int) size.value().lo(), -1, 0, 0, false, 0);
            return;
        }
        if (arg.kind() == Kind.RINGBUF_MEM_OR_NULL) {
            throw Explorer.refuse(s, pc, "R1 type=ringbuf_mem_or_null expected=ringbuf_mem");
        }
        if ((arg.kind() == Kind.MEM || arg.kind() == Kind.MEM_OR_NULL) && arg.map() > 0) {
            // a dynptr's slice is no reservation: the dynptr is submitted or discarded, not its memory
            throw Explorer.refuse(s, pc, "R1 type=" + arg.kind().logName + " expected=ringbuf_mem");
        }
        release(s, arg, Kind.RINGBUF_MEM);
    }

    private static boolean isMapAccess(int id) {
        return id == HelperId.MAP_LOOKUP_ELEM.id() || id == HelperId.MAP_UPDATE_ELEM.id() || id == HelperId.MAP_DELETE_ELEM.id();
    }

    /**
     * Forgets the stack bytes a helper may have written through a stack pointer: from the pointer up,
     * or the whole frame at an offset not known. A dynptr's slots stay: the kernel refuses a helper
     * that may write into them or read them as memory (check_stack_range_initialized), so where it
     * goes on they are intact.
     */
    private static void forgetStackFrom(State.Frame frame, Reg ptr) {
        int from = !ptr.value().isConst() || !ptr.value().exact() ? 0 : Math.max(0, ptr.off() + State.STACK_SIZE);
        for (int i = from; i < State.STACK_SIZE; i++) {
            if (frame.stack[i] != State.DYNPTR) {
                frame.stack[i] = State.LOSSY;
            }
        }
        for (int slot = from / 8; slot < frame.spills.length; slot++) {
            if (frame.stack[slot * 8] != State.DYNPTR) {
                frame.spills[slot] = null;
            }
        }
    }

    /**
     * bpf_get_local_storage once its map is a cgroup storage: its flags must be a known 0, as it
     * cannot fail (the kernel's register_is_null: refused for a pointer, or for an exact value
     * other than 0 alone, which the kernel's wider state cannot hold to be 0), and it returns the
     * storage's value, never NULL.
     */
    private Reg localStorage(State s, int pc, MapInfo info) throws Explorer.Stop {
        Reg flags = s.reg(2);
        boolean pointer = !flags.isScalar() && flags.kind() != Kind.UNMODELLED;
        boolean nonZero = flags.isScalar() && flags.exact() && !(flags.value().isConst() && flags.value().lo() == 0);
        if (pointer || nonZero) {
            throw Explorer.refuse(s, pc, "get_local_storage() doesn't support non-zero flags");
        }
        Reg map = s.reg(1);
        return Reg.mapValue(Kind.MAP_VALUE, map.map(), 0, info.spinLockOffset() >= 0 ? ex.newId() : 0, false, map.mapUid());
    }

    /** The or-NULL value a map lookup returns; null for other helpers. */
    private Reg mapArguments(State s, int id) {
        if (id != HelperId.MAP_LOOKUP_ELEM.id()) {
            return null;
        }
        Reg map = s.reg(1);
        if (map.kind() != Kind.MAP_PTR) {
            return Reg.UNMODELLED;
        }
        MapInfo info = ex.maps.get(map.map());
        MapType type = info.type();
        if ((type == MapType.ARRAY_OF_MAPS || type == MapType.HASH_OF_MAPS) && map.map() < ex.innerTemplate.length
                && ex.innerTemplate[map.map()] >= 0) {
            // a slot may be empty: or-NULL, a pointer to the inner map once checked (Branches.markNull)
            return Reg.mapValue(Kind.MAP_VALUE_OR_NULL, map.map(), 0, ex.newId(), false);
        }
        boolean valueMap = switch (type) {
            case HASH, ARRAY, PERCPU_HASH, PERCPU_ARRAY, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE -> true;
            default -> false;
        };
        if (!valueMap) {
            return Reg.UNMODELLED;
        }
        // Linux 6.18 knows that a lookup of a constant in-range key in an array cannot fail. Unless the
        // kernel certainly sees no such key, the value is taken as not NULL: the path walked is then
        // the kernel's only path or its non-NULL one, and what the kernel would refuse on its NULL
        // path is only not refused here
        boolean array = type == MapType.ARRAY || type == MapType.PERCPU_ARRAY;
        if (array && !keyNotConstantInRange(s, s.reg(2), info)) {
            return Reg.mapValue(Kind.MAP_VALUE, map.map(), 0, info.spinLockOffset() >= 0 ? ex.newId() : 0, false, map.mapUid());
        }
        return Reg.mapValue(Kind.MAP_VALUE_OR_NULL, map.map(), 0, ex.newId(), false, map.mapUid());
    }

    /**
     * True when the kernel's get_constant_map_key certainly finds no constant key below max_entries:
     * the key is not on the stack, or its bytes hold no constant the kernel tracks (never written,
     * or STACK_MISC), or an 8-byte spilled register of another size than the key, or a value that is
     * not a constant or out of range.
     */
    private static boolean keyNotConstantInRange(State s, Reg key, MapInfo map) {
        if (key.kind() == Kind.UNMODELLED) {
            return false;
        }
        if (key.kind() != Kind.STACK) {
            return true;
        }
        Scalar var = key.value();
        if (!var.exact()) {
            return false;
        }
        if (!var.isConst()) {
            return true;
        }
        long off = key.off() + var.lo();
        int size = map.keySize();
        if (off < -State.STACK_SIZE || off + size > 0 || size <= 0) {
            return false;
        }
        State.Frame frame = s.frames[key.frame()];
        int at = (int) off + State.STACK_SIZE;
        boolean plain = true;
        boolean spilled = true;
        for (int i = at; i < at + size; i++) {
            plain &= frame.stack[i] == State.MISC || frame.stack[i] == State.INVALID;
            spilled &= frame.stack[i] == State.SPILL;
        }
        if (plain) {
            return true;
        }
        Reg spill = frame.spills[at / 8];
        if (!spilled || at % 8 != 0 || size > 8 || spill == null) {
            return false;
        }
        if (size < 8 || spill.isPointer()) {
            return true; // the spill is 8 bytes, the key fewer: no constant
        }
        Scalar k = spill.value();
        if (!spill.isScalar() || !k.exact()) {
            return false;
        }
        return !k.isConst() || Long.compareUnsigned(k.lo(), map.maxEntries()) >= 0;
    }

    private int local(State s, int pc, int target) throws Explorer.Stop {
        if (s.certain) {
            ex.certainCall[pc] = true;
        }
        int subprog = ex.cfg.subprogOf[target];
        if (ex.isGlobal(subprog)) {
            globalCall(s, pc, ex.prototypes[subprog]);
            return pc + 1;
        }
        if (s.frames.length >= Explorer.MAX_CALL_FRAMES) {
            throw Explorer.refuse(s, pc, "the call stack of " + (s.frames.length + 1) + " frames is too deep");
        }
        State.Frame callee = new State.Frame(pc, subprog);
        State.Frame caller = s.cur();
        for (int r = 1; r <= 5; r++) {
            callee.regs[r] = caller.regs[r];
            if (caller.regs[r].isScalar()) {
                // precision is not followed from a callee's entry back into its caller: every scalar
                // argument is taken as precise, more than the kernel's backtracking asks, never less
                ex.precision.use(pc, r);
            } else if (caller.regs[r].kind() == Kind.STACK) {
                // nor are the callee's reads through a pointer into the caller's stack: every slot is
                ex.precision.useAllSlots(pc);
            }
        }
        callee.regs[10] = Reg.stack(s.frames.length, 0);
        State.Frame[] frames = Arrays.copyOf(s.frames, s.frames.length + 1);
        frames[frames.length - 1] = callee;
        s.frames = frames;
        s.trail = State.Trail.add(s.trail, pc, "");
        return target;
    }

    /**
     * A call of a global function (check_func_call): the arguments checked against its prototype
     * (btf_check_func_arg_match), the function marked for its own walk, and r0 an unknown scalar.
     * The reason for a refusal is the message; the kernel's next log line,
     * {@code Caller passes invalid args into func#N ('name')}, ends the log tail.
     */
    private void globalCall(State s, int pc, GlobalFunctions.Prototype proto) throws Explorer.Stop {
        if (s.lockMap >= 0) {
            throw Explorer.refuse(s, pc, "global function calls are not allowed while holding a lock,");
        }
        try {
            checkArguments(s, pc, proto);
        } catch (Explorer.Refusal r) {
            throw new Explorer.Refusal(r.pc, r.getMessage(),
                    State.Trail.add(r.trail, pc, "Caller passes invalid args into func#" + proto.subprog() + " ('" + proto.name() + "')"));
        }
        if (s.certain) {
            ex.globalCalled[proto.subprog()] = true;
        }
        if (changesPacketData(proto.subprog())) {
            // the kernel clears packet pointers after a global function that may change the packet
            // (changes_pkt_data); which calls it counts is not modelled, so the pointers decide nothing
            s.forEachReg(r -> r.isPacket() || r.kind() == Kind.PACKET_END ? Reg.UNMODELLED : r);
        }
        clobber(s);
        s.set(0, Reg.UNKNOWN_SCALAR);
    }

    /** btf_check_func_arg_match: the prototype, then each argument register against its type. */
    private void checkArguments(State s, int pc, GlobalFunctions.Prototype proto) throws Explorer.Stop {
        if (proto.refusal() != null) {
            throw Explorer.refuse(s, pc, proto.refusal());
        }
        for (int i = 0; i < proto.args().size(); i++) {
            int r = i + 1;
            Reg reg = s.reg(r);
            GlobalFunctions.Arg arg = proto.args().get(i);
            if (reg.kind() == Kind.UNMODELLED || arg.kind() == GlobalFunctions.Arg.Kind.UNMODELLED) {
                continue;
            }
            switch (arg.kind()) {
                case SCALAR:
                    if (!reg.isScalar()) {
                        throw Explorer.refuse(s, pc, "R" + r + " is not a scalar");
                    }
                    break;
                case CTX:
                    if (reg.kind() == Kind.CTX) {
                        // check_func_arg_reg_off: __check_ptr_off_reg, as for a helper's context argument
                        memory.unmodifiedContext(s, pc, r, reg);
                    } else {
                        throw Explorer.refuse(s, pc, "arg#" + i + " expects pointer to ctx");
                    }
                    break;
                default:
                    memoryArgument(s, pc, r, reg, arg);
                    break;
            }
        }
    }

    /**
     * check_mem_reg for a pointer argument: NULL passes, else the argument's size must be readable
     * from the pointer (as a helper reads it); then a non-NULL argument refuses what may be NULL.
     * Pointer kinds the kernel may take differently (a context, a socket) are not checked.
     */
    private void memoryArgument(State s, int pc, int r, Reg reg, GlobalFunctions.Arg arg) throws Explorer.Stop {
        boolean nullable = arg.kind() == GlobalFunctions.Arg.Kind.MEM_OR_NULL;
        if (reg.isScalar()) {
            if (!reg.value().exact()) {
                return;
            }
            boolean isNull = reg.value().isConst() && reg.value().lo() == 0;
            if (!isNull) {
                // check_helper_mem_access on what is no pointer: the kernel names the stack as what it expected
                throw Explorer.refuse(s, pc, "R" + r + " type=scalar expected=fp");
            }
            if (!nullable) {
                throw Explorer.refuse(s, pc, "arg#" + (r - 1) + " is expected to be non-NULL");
            }
            return;
        }
        Reg ptr = reg.maybeNull() ? reg.withKind(reg.nonNullKind()) : reg;
        switch (ptr.kind()) {
            case STACK, PACKET, PACKET_META, MAP_KEY, RINGBUF_MEM, MEM:
                args.access(s, pc, r, ptr, arg.memSize(), false, true);
                break;
            case MAP_VALUE:
                // read, then written: a read-only map's value is refused (write into map forbidden)
                args.access(s, pc, r, ptr, arg.memSize(), false, true);
                args.access(s, pc, r, ptr, arg.memSize(), true, true);
                break;
            case CTX:
                if (GlobalFunctions.listed(ex.type)) {
                    // a context whose fields the kernel converts is no memory a function may be given
                    throw Explorer.refuse(s, pc, "R" + r + " type=ctx expected=fp");
                }
                return;
            default:
                return;
        }
        if (!nullable && reg.maybeNull() && !(reg.kind() == Kind.MAP_VALUE_OR_NULL && reg.maybeNonNull())) {
            throw Explorer.refuse(s, pc, "arg#" + (r - 1) + " is expected to be non-NULL");
        }
    }

    /** Whether a subprogram, or one it calls, may change the packet (a helper that does, a tail call, a kfunc): changes_pkt_data. */
    private boolean changesPacketData(int subprog) {
        if (packetChanging == null) {
            packetChanging = new int[ex.cfg.subprogStarts.length];
        }
        if (packetChanging[subprog] != 0) {
            return packetChanging[subprog] > 0;
        }
        packetChanging[subprog] = -1; // recursion: counted as not changing while under way
        int start = ex.cfg.subprogStarts[subprog];
        int end = subprog + 1 < ex.cfg.subprogStarts.length ? ex.cfg.subprogStarts[subprog + 1] : ex.cfg.slots.length;
        boolean changes = false;
        for (int pc = start; pc < end && !changes; pc++) {
            Instruction insn = ex.cfg.slots[pc];
            if (insn == null || insn.opcode() != 0x85) {
                continue;
            }
            if (insn.src() == 0) {
                changes = HelperProtos.changesPacketData(insn.imm()) || insn.imm() == HelperId.TAIL_CALL.id();
            } else if (insn.src() == 1) {
                int callee = ex.cfg.subprogOf[pc + insn.imm() + 1];
                changes = changesPacketData(callee);
            } else {
                changes = true;
            }
        }
        packetChanging[subprog] = changes ? 1 : -1;
        return changes;
    }

    int exit(State s, int pc) throws Explorer.Stop {
        State.Frame callee = s.cur();
        if (callee.callbackReturn != null) {
            callbackExit(s, pc, callee);
            return -1;
        }
        if (s.frames.length > 1 && callee.regs[0].kind() == Kind.STACK) {
            throw Explorer.refuse(s, pc, "cannot return stack pointer to the caller");
        }
        if (s.frames.length == 1 && ex.entrySubprog != 0) {
            globalExit(s, pc);
            return -1;
        }
        if (s.frames.length == 1) {
            if (s.lockMap >= 0) {
                throw Explorer.refuse(s, pc, "BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region");
            }
            if (s.refs.length > 0) {
                throw Explorer.refuse(s, pc, "Unreleased reference id=" + s.refs[0] + " alloc_insn=" + s.refs[1]);
            }
            if (ex.returnsVoid) {
                return -1;
            }
            Reg r0 = Semantics.read(s, pc, 0);
            if (ex.returnRange != null) {
                ex.precision.use(pc, 0);
                ex.returnRange.check(s, pc, r0);
            }
            return -1;
        }
        Reg r0 = callee.regs[0];
        s.frames = Arrays.copyOf(s.frames, s.frames.length - 1);
        State.Frame caller = s.cur();
        clobber(s);
        caller.regs[0] = r0;
        return callee.callsite + 1;
    }

    /**
     * The exit of a global function walked on its own (check_return_code for a subprogram): no lock
     * (Linux 6.18 words it as for the main program) and no reference held, and r0 a scalar.
     */
    private void globalExit(State s, int pc) throws Explorer.Stop {
        if (s.lockMap >= 0) {
            throw Explorer.refuse(s, pc, "BPF_EXIT instruction in main prog cannot be used inside bpf_spin_lock-ed region");
        }
        if (s.refs.length > 0) {
            throw Explorer.refuse(s, pc, "Unreleased reference id=" + s.refs[0] + " alloc_insn=" + s.refs[1]);
        }
        Reg r0 = Semantics.read(s, pc, 0);
        if (r0.kind() != Kind.UNMODELLED && !r0.isScalar()) {
            throw Explorer.refuse(s, pc, "At subprogram exit the register R0 is not a scalar value (" + r0.kind().logName + ")");
        }
    }

    /**
     * The end of a callback's walk (prepare_func_exit for in_callback_fn): r0 must be a scalar in the
     * callback's range. The caller's path went on from the call already.
     */
    private void callbackExit(State s, int pc, State.Frame callee) throws Explorer.Stop {
        Reg r0 = callee.regs[0];
        ex.precision.use(pc, 0);
        if (r0.kind() == Kind.STACK) {
            throw Explorer.refuse(s, pc, "cannot return stack pointer to the caller");
        }
        if (r0.kind() == Kind.UNMODELLED) {
            return;
        }
        if (!r0.isScalar()) {
            throw Explorer.refuse(s, pc, "R0 not a scalar value");
        }
        callee.callbackReturn.check(s, pc, r0, callee.async ? "At async callback return" : "At callback return");
    }
}
