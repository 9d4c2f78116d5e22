package org.ebpftest.runtime.linux.verifier;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Walks every path of a program from its entry, as the kernel's {@code do_check} does: one
 * instruction at a time on an abstract {@link State}, a branch the state cannot decide pushing the
 * other side, prune points comparing the state with states whose paths are done. What is refused
 * is refused only on a certain path (see {@link State#certain}).
 */
final class Explorer {
    static final long COMPLEXITY_LIMIT = 1_000_000;
    /** Work beyond the kernel's limit spent on uncertain paths before giving up (accepting). */
    private static final long WORK_LIMIT = 3_000_000;
    private static final int MAX_STATES_PER_PC = 256;
    private static final int MIN_INSNS_BETWEEN_STATES = 8;
    /** In a loop the kernel keeps a new state only after this many instructions or {@link #MIN_JUMPS_IN_LOOP} jumps. */
    private static final int MIN_INSNS_IN_LOOP = 100;
    private static final int MIN_JUMPS_IN_LOOP = 20;
    static final int MAX_CALL_FRAMES = 8;
    /** BPF_COMPLEXITY_LIMIT_JMP_SEQ: how many branches may wait to be walked at once. */
    static final int JUMP_SEQUENCE_LIMIT = 8192;
    private static final int LOG_TAIL = 12;

    /** Why a path stops early: a refusal, or the quiet end of an uncertain path. */
    abstract static class Stop extends Exception {
        private static final long serialVersionUID = 1L;

        Stop(String message) {
            super(message, null, false, false);
        }
    }

    /** A refusal found on a certain path. */
    static final class Refusal extends Stop {
        private static final long serialVersionUID = 1L;
        final int pc;
        final transient State.Trail trail;
        /** The line the kernel prints after its message, or null. */
        final String after;

        Refusal(int pc, String message, State.Trail trail) {
            this(pc, message, trail, null);
        }

        Refusal(int pc, String message, State.Trail trail, String after) {
            super(message);
            this.pc = pc;
            this.trail = trail;
            this.after = after;
        }
    }

    /** Ends an uncertain path quietly where a certain one would have been refused. */
    static final class PathEnd extends Stop {
        private static final long serialVersionUID = 1L;
        static final PathEnd INSTANCE = new PathEnd();

        private PathEnd() {
            super(null);
        }
    }

    /** A state kept at a prune point, with the number of paths still under way below it. */
    static final class Checkpoint {
        /** The state, kept while the checkpoint is among those compared at its pc. */
        State state;
        final Checkpoint parent;
        /** The prune point the state was kept at. */
        final int pc;
        /** The state's {@link State#quickHash}, which tells most unequal states apart at once. */
        final int hash;
        int pending = 1;

        Checkpoint(State state, Checkpoint parent, int pc) {
            this.state = state;
            this.parent = parent;
            this.pc = pc;
            this.hash = state.quickHash();
        }

        boolean done() {
            return pending == 0;
        }
    }

    private record Work(State state, int pc, Checkpoint checkpoint, boolean counted) {
    }

    /**
     * The pending branches pushed from certain paths with both sides certain: each is one the kernel
     * pushes too, and still holds, when it walks the same path (both walk the fall-through first).
     */
    private int certainPending;
    /** The bpf-to-bpf call instructions reached on a certain path, for the call-graph checks after the walk. */
    final boolean[] certainCall;

    final Cfg cfg;
    final ProgramType type;
    /** The object's maps by index, then the inner map templates of its maps of maps. */
    final List<MapInfo> maps;
    /** For each of the object's maps, the index in {@link #maps} of its inner map template, or -1. */
    final int[] innerTemplate;
    final boolean gplCompatible;
    /** The global functions' prototypes by subprogram (null for static ones), shared by every walk of the program. */
    final GlobalFunctions.Prototype[] prototypes;
    /**
     * The global functions called on a certain path (the kernel's {@code called}), which are walked
     * on their own after the main program; shared by every walk of the program.
     */
    final boolean[] globalCalled;
    /** The subprogram this walk starts in: 0 for the main program, else a global function walked on its own. */
    final int entrySubprog;
    final ContextRules context;
    /** What the main program may return, or null when anything may be returned. */
    final ReturnRange returnRange;
    /** True when r0 is not read at the main program's exit: a struct_ops callback whose member returns void. */
    final boolean returnsVoid;
    long processed;
    long certainProcessed;
    boolean complete = true;
    final int[] stackDepth;
    /** The bpf_fastcall patterns, whose stack slots the kernel removes after verification. */
    final Fastcall fastcall;
    private int idGen;
    private final List<Checkpoint>[] visited;
    private final Deque<Work> pending = new ArrayDeque<>();
    private final Semantics semantics;
    private final Liveness liveness;
    /** Where scalars were used precisely, so that states differing in them are not pruned. */
    final Precision precision;

    @SuppressWarnings("unchecked")
    Explorer(Cfg cfg, ProgramType type, List<MapInfo> maps, int[] innerTemplate, boolean gplCompatible, GlobalFunctions.Prototype[] prototypes,
            ContextRules context, ReturnRange returnRange, boolean returnsVoid) {
        this.cfg = cfg;
        this.type = type;
        this.maps = maps;
        this.innerTemplate = innerTemplate;
        this.gplCompatible = gplCompatible;
        this.prototypes = prototypes;
        this.globalCalled = new boolean[prototypes.length];
        this.entrySubprog = 0;
        this.context = context;
        this.returnRange = returnRange;
        this.returnsVoid = returnsVoid;
        this.visited = new List[cfg.slots.length];
        this.stackDepth = new int[cfg.subprogStarts.length];
        this.fastcall = Fastcall.of(cfg);
        this.certainCall = new boolean[cfg.slots.length];
        this.semantics = new Semantics(this);
        this.liveness = Liveness.of(cfg);
        this.precision = new Precision(cfg);
    }

    /**
     * A walk of one global function on its own (the kernel's do_check_common for a subprogram): new
     * checkpoints, the same program, and the stack depths, calls and instruction count of the walks before.
     */
    @SuppressWarnings("unchecked")
    Explorer(Explorer before, int subprog) {
        this.cfg = before.cfg;
        this.type = before.type;
        this.maps = before.maps;
        this.innerTemplate = before.innerTemplate;
        this.gplCompatible = before.gplCompatible;
        this.prototypes = before.prototypes;
        this.globalCalled = before.globalCalled;
        this.entrySubprog = subprog;
        this.context = before.context;
        this.returnRange = null;
        this.returnsVoid = false;
        this.visited = new List[cfg.slots.length];
        this.stackDepth = before.stackDepth;
        this.fastcall = before.fastcall;
        this.certainCall = before.certainCall;
        this.semantics = new Semantics(this);
        this.liveness = before.liveness;
        this.precision = new Precision(cfg);
        this.processed = before.processed;
        this.certainProcessed = before.certainProcessed;
        this.idGen = before.idGen;
    }

    /** Whether a subprogram is a global function (it has a prototype), which the kernel verifies on its own. */
    boolean isGlobal(int subprog) {
        return prototypes[subprog] != null;
    }

    /**
     * Whether the program references an arena map (a map load of one), which is how the kernel's
     * verifier associates the arena with the program ({@code prog->aux->arena}).
     */
    boolean hasArena() {
        for (Instruction insn : cfg.slots) {
            if (insn != null && insn.isWide() && (insn.src() == PseudoSource.MAP_IDX.code() || insn.src() == PseudoSource.MAP_IDX_VALUE.code())
                    && insn.imm() >= 0 && insn.imm() < maps.size() && maps.get(insn.imm()).type() == MapType.ARENA) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records that a frame's function uses this many bytes of stack, on a certain path only: the
     * combined stack check must never see more than the kernel's depths.
     */
    void growStack(State s, State.Frame frame, int bytes) {
        if (s.certain && bytes > stackDepth[frame.subprog]) {
            stackDepth[frame.subprog] = bytes;
        }
    }

    int newId() {
        return ++idGen;
    }

    /** Throws a refusal on a certain path, ends the path quietly on an uncertain one. */
    static Refusal refuse(State s, int pc, String message) throws Stop {
        return refuse(s, pc, message, null);
    }

    /**
     * A refusal whose kernel log goes on with a second line after the message ({@code after}), as
     * check_packet_access adds {@code R1 offset is outside of the packet} to the bounds message.
     */
    static Refusal refuse(State s, int pc, String message, String after) throws Stop {
        if (!s.certain) {
            throw PathEnd.INSTANCE;
        }
        return new Refusal(pc, message, s.trail, after);
    }

    void run() throws Refusal {
        State.Frame entry = new State.Frame(-1, entrySubprog);
        if (entrySubprog == 0) {
            entry.regs[1] = Reg.pointer(Kind.CTX, 0);
        } else {
            // btf_prepare_func_args and do_check_common: the arguments as the prototype types them
            List<GlobalFunctions.Arg> args = prototypes[entrySubprog].args();
            for (int i = 0; i < args.size(); i++) {
                GlobalFunctions.Arg arg = args.get(i);
                entry.regs[i + 1] = switch (arg.kind()) {
                    case SCALAR -> Reg.UNKNOWN_SCALAR;
                    case CTX -> Reg.pointer(Kind.CTX, 0);
                    case MEM, MEM_OR_NULL -> new Reg(arg.kind() == GlobalFunctions.Arg.Kind.MEM ? Kind.MEM : Kind.MEM_OR_NULL, Scalar.constant(0), 0,
                            newId(), arg.memSize(), -1, 0, 0, false, 0);
                    case UNMODELLED -> Reg.UNMODELLED;
                };
            }
        }
        entry.regs[10] = Reg.stack(0, 0);
        pending.push(new Work(new State(new State.Frame[] {entry}, null), cfg.subprogStarts[entrySubprog], null, false));
        while (!pending.isEmpty()) {
            Work w = pending.pop();
            if (w.counted) {
                certainPending--;
            }
            // the kernel counts instructions since its last new state over all paths: the path walked
            // before this one went on past its last state, so this one keeps a state at its first prune point
            w.state.sinceCheckpoint = Integer.MAX_VALUE / 2;
            walk(w.state, w.pc, w.checkpoint);
            if (processed > WORK_LIMIT) {
                complete = false;
                return;
            }
        }
    }

    private void walk(State s, int pc, Checkpoint cp) throws Refusal {
        try {
            walkPath(s, pc, cp);
        } catch (PathEnd end) {
            complete = false;
        } catch (Refusal r) {
            throw r;
        } catch (Stop other) {
            throw new IllegalStateException(other);
        }
    }

    private void walkPath(State s, int pc, Checkpoint cp) throws Stop {
        try {
            while (true) {
                if (cfg.prunePoint[pc]) {
                    Checkpoint next = checkpoint(s, pc, cp);
                    if (next == null) {
                        finish(cp);
                        return;
                    }
                    cp = next;
                }
                processed++;
                s.sinceCheckpoint++;
                int cls = cfg.slots[pc].opcode() & 7;
                if (cls == 5 || cls == 6) {
                    s.jumpsSinceCheckpoint++;
                }
                if (s.certain && ++certainProcessed > COMPLEXITY_LIMIT) {
                    throw new Refusal(pc, "BPF program is too large. Processed " + certainProcessed + " insn", s.trail);
                }
                if (processed > WORK_LIMIT) {
                    complete = false;
                    finish(cp);
                    return;
                }
                int next = semantics.step(s, pc, this, cp);
                if (next < 0) {
                    finish(cp);
                    return;
                }
                pc = next;
            }
        } catch (PathEnd end) {
            finish(cp);
            throw end;
        }
    }

    /** Pushes the other side of a branch, to be walked after the current path. */
    void fork(State s, int pc, Checkpoint cp) throws Refusal {
        fork(s, pc, cp, s.certain);
    }

    /** As {@link #fork(State, int, Checkpoint)}; {@code kernelPushes} when the kernel certainly pushes this branch too. */
    void fork(State s, int pc, Checkpoint cp, boolean kernelPushes) throws Refusal {
        if (cp != null) {
            cp.pending++;
        }
        pending.push(new Work(s, pc, cp, kernelPushes));
        if (kernelPushes && ++certainPending > JUMP_SEQUENCE_LIMIT) {
            throw new Refusal(pc, "The sequence of " + certainPending + " jumps is too complex.", s.trail);
        }
    }

    private void finish(Checkpoint cp) {
        while (cp != null) {
            cp.pending--;
            if (cp.pending > 0) {
                return;
            }
            cp = cp.parent;
        }
    }

    /**
     * At a prune point: null when a finished state covers this one (the path need not go on) or
     * when the same state is already under way here (a loop that makes no progress); otherwise the
     * new checkpoint the path continues under.
     */
    private Checkpoint checkpoint(State s, int pc, Checkpoint cp) throws Stop {
        List<Checkpoint> list = visited[pc];
        if (list == null) {
            list = new ArrayList<>();
            visited[pc] = list;
        }
        int hash = 0;
        boolean hashed = false;
        boolean looping = false;
        for (Checkpoint old : list) {
            if (old.state == null) {
                continue;
            }
            looping |= !old.done();
            if (old.done()) {
                if (Pruning.covers(old.state, s, pc, liveness, precision)) {
                    return null;
                }
                continue;
            }
            if (!s.certain && !old.state.certain) {
                // an uncertain loop back where an earlier iteration holds all it holds: as the kernel
                // ends an iterator's loop (nothing a certain path walks is cut short)
                if (Pruning.converged(old.state, s, pc, liveness, precision)) {
                    complete = false;
                    return null;
                }
                continue;
            }
            if (!hashed) {
                hash = s.quickHash();
                hashed = true;
            }
            if (old.hash == hash && old.state.sameAs(s)) {
                if (s.certain && s.fullyModelled()) {
                    throw new Refusal(pc, "infinite loop detected at insn " + pc, s.trail);
                }
                complete = false;
                return null;
            }
        }
        // as the kernel does, a new state is kept only every few instructions, not at every prune point,
        // and in a loop (a state here is still under way) only every hundred instructions or twenty jumps
        if (s.sinceCheckpoint < MIN_INSNS_BETWEEN_STATES) {
            return cp;
        }
        if (looping && s.sinceCheckpoint < MIN_INSNS_IN_LOOP && s.jumpsSinceCheckpoint < MIN_JUMPS_IN_LOOP) {
            return cp;
        }
        s.sinceCheckpoint = 0;
        s.jumpsSinceCheckpoint = 0;
        if (looping && !s.certain) {
            Checkpoint prev = cp;
            while (prev != null && prev.pc != pc) {
                prev = prev.parent;
            }
            if (prev != null && prev.state != null && !prev.state.certain) {
                Pruning.widen(prev.state, s, pc, precision);
            }
        }
        Checkpoint next = new Checkpoint(s.copy(), cp, pc);
        if (list.size() >= MAX_STATES_PER_PC) {
            // keep the newest: loops revisit them; the oldest lets its state go
            list.remove(0).state = null;
        }
        list.add(next);
        return next;
    }

    /** The decisions on a refused path, oldest first. */
    static List<String> logTail(State.Trail trail, Cfg cfg) {
        List<String> lines = new ArrayList<>();
        for (State.Trail t = trail; t != null && lines.size() < LOG_TAIL; t = t.previous()) {
            lines.add(0, t.pc() + ": " + cfg.slots[t.pc()] + (t.how().isEmpty() ? "" : " (" + t.how() + ")"));
        }
        return lines;
    }

    Instruction slot(int pc) {
        return cfg.slots[pc];
    }

    static boolean isNotInit(Reg r) {
        return r.kind() == Kind.NOT_INIT;
    }
}
