package org.ebpftest.runtime.linux.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.elf.AttachType;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.elf.StructOpsMember;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * Verifies a program as Linux 6.18's verifier does for a privileged loader, and refuses only what
 * that verifier certainly refuses, with its message: see {@code VERIFIER.md} for the abstract
 * domain, what is covered and what is not yet.
 *
 * <pre>{@code
 * Verification v = Verifier.verify(spec.program("xdp_fw"), Verifier.mapsOf(spec), spec.btf());
 * if (!v.accepted()) System.out.println(v.summary());
 * }</pre>
 */
public final class Verifier {
    /** The system property that turns verification at load off: {@code -Debpftest.verifier=off}. */
    public static final String PROPERTY = "ebpftest.verifier";

    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL",
            "Dual MPL/GPL");

    private Verifier() {
    }

    /** False when the system property {@value #PROPERTY} says {@code off} (or {@code false}). */
    public static boolean enabledByDefault() {
        String v = System.getProperty(PROPERTY, "on").trim().toLowerCase(Locale.ROOT);
        return !(v.equals("off") || v.equals("false") || v.equals("0") || v.equals("no"));
    }

    /**
     * The maps of an object as the verifier sees them before the object is loaded: read-only maps
     * ({@code .rodata}) with their initial values.
     */
    public static List<MapInfo> mapsOf(ObjectSpec spec) {
        List<MapInfo> maps = new ArrayList<>();
        for (MapSpec m : spec.maps()) {
            maps.add(new MapInfo(m.name(), m.type(), m.keySize(), m.valueSize(), m.maxEntries(), readOnlyForPrograms(m),
                    m.frozen() && m.maxEntries() == 1 ? m.initialData().orElse(null) : null, spinLockOffset(spec.btf(), m),
                    fieldOffset(spec.btf(), m, "bpf_timer"), fieldOffset(spec.btf(), m, "bpf_wq"), innerTemplate(spec.btf(), m),
                    writeOnlyForPrograms(m)));
        }
        return maps;
    }

    /**
     * True when programs may not store into the map's values: frozen global data ({@code .rodata}),
     * or a map created with {@code BPF_F_RDONLY_PROG} (the kernel's {@code bpf_map_flags_to_cap});
     * only frozen data reads as constants.
     */
    public static boolean readOnlyForPrograms(MapSpec map) {
        return map.frozen() || (map.flags() & MapSpec.F_RDONLY_PROG) != 0;
    }

    /** True when programs may not load from the map's values: created with {@code BPF_F_WRONLY_PROG}. */
    public static boolean writeOnlyForPrograms(MapSpec map) {
        return (map.flags() & MapFlags.BPF_F_WRONLY_PROG) != 0;
    }

    /**
     * What the verifier knows of the maps a map of maps holds: its inner map template, with the
     * fields its value type declares (a timer in an inner map is checked against the template, as
     * the kernel checks it against {@code inner_map_meta}); null for any other map.
     */
    public static MapInfo innerTemplate(Optional<Btf> btf, MapSpec map) {
        if (map.innerMap().isEmpty() || map.type() != MapType.ARRAY_OF_MAPS && map.type() != MapType.HASH_OF_MAPS) {
            return null;
        }
        MapSpec t = map.innerMap().get();
        return new MapInfo(map.name() + ".inner", t.type(), t.keySize(), t.valueSize(), t.maxEntries(), false, null,
                spinLockOffset(btf, t), fieldOffset(btf, t, "bpf_timer"), fieldOffset(btf, t, "bpf_wq"));
    }

    /**
     * Where the map's value holds its {@code struct bpf_spin_lock}, as the kernel learns it from the
     * value's BTF type: {@link MapInfo#NO_BTF} without one, {@link MapInfo#NO_SPIN_LOCK} when the
     * type has no lock at its top level.
     */
    public static int spinLockOffset(Optional<Btf> btf, MapSpec map) {
        return fieldOffset(btf, map, "bpf_spin_lock");
    }

    /**
     * True when the kernel refuses the map with its BTF and libbpf creates it again without: a
     * {@code bpf_timer} or {@code bpf_wq} in the value of a map other than an array, hash or LRU
     * hash (map_check_btf answers -EOPNOTSUPP; checked on Linux 6.18 with timer_percpu.c, whose
     * program the verifier then refuses for the missing BTF).
     */
    public static boolean createdWithoutBtf(Optional<Btf> btf, MapSpec map) {
        if (btf.isEmpty() || map.btfValueTypeId() == 0
                || map.type() == MapType.ARRAY || map.type() == MapType.HASH || map.type() == MapType.LRU_HASH) {
            return false;
        }
        return topLevelOffset(btf.get(), map, "bpf_timer") >= 0 || topLevelOffset(btf.get(), map, "bpf_wq") >= 0;
    }

    /**
     * Where the map's value holds a kernel struct ({@code bpf_spin_lock}, {@code bpf_timer},
     * {@code bpf_wq}) at its top level or among a section's variables, as btf_parse_fields finds it:
     * {@link MapInfo#NO_BTF} without a BTF value type, {@link MapInfo#NO_SPIN_LOCK} when there is none.
     */
    public static int fieldOffset(Optional<Btf> btf, MapSpec map, String structName) {
        if (btf.isEmpty() || map.btfValueTypeId() == 0 || createdWithoutBtf(btf, map)) {
            return MapInfo.NO_BTF;
        }
        return topLevelOffset(btf.get(), map, structName);
    }

    private static int topLevelOffset(Btf btf, MapSpec map, String structName) {
        if (btf.resolve(map.btfValueTypeId()) instanceof BtfType.StructType struct) {
            for (BtfType.Member member : struct.members()) {
                if (btf.resolve(member.type()) instanceof BtfType.StructType s && s.name().equals(structName)) {
                    return member.bitOffset() / 8;
                }
            }
        }
        if (btf.type(map.btfValueTypeId()) instanceof BtfType.Datasec section) {
            // a global lock (struct bpf_spin_lock lock SEC(".data.A")): the kernel finds it among the section's variables
            for (BtfType.VarSecinfo v : section.vars()) {
                if (btf.type(v.type()) instanceof BtfType.Var var
                        && btf.resolve(var.type()) instanceof BtfType.StructType s && s.name().equals(structName)) {
                    return v.offset();
                }
            }
        }
        return MapInfo.NO_SPIN_LOCK;
    }

    /**
     * Verifies one program of an object.
     *
     * @param program the program, linked (its map references are {@code MAP_IDX} loads)
     * @param maps the object's maps, by index
     * @param btf the object's BTF, which tells global functions from static ones
     */
    public static Verification verify(ProgramSpec program, List<MapInfo> maps, Optional<Btf> btf) {
        Verification v = verify(program.name(), program.type(), program.attachType(), program.license(), program.instructions(),
                program::sourceLineAt, program.functions(), btf, maps, program.structOpsMember().orElse(null));
        if (v.accepted() || program.poisonedRelocationAt(v.pc()).isEmpty()) {
            return v;
        }
        // the kernel's log names only the helper number; say which relocation the loader gave up on
        String why = v.message() + " (the loader poisoned this instruction, as libbpf does: " + program.poisonedRelocationAt(v.pc()).get() + ")";
        return new Verification(v.program(), false, v.processed(), v.complete(), why, v.pc(), v.instruction(), v.line().orElse(null), v.log());
    }

    /**
     * Verifies a program given as instructions, such as one written with the
     * {@link org.ebpftest.runtime.isa.Assembler}, as a GPL program of a type; map references are
     * {@code MAP_IDX} loads into {@code maps}.
     */
    public static Verification verify(String name, ProgramType type, List<Instruction> instructions, List<MapInfo> maps) {
        return verify(name, type, AttachType.NONE, "GPL", instructions, pc -> null, List.of(), Optional.empty(), maps, null);
    }

    private static Verification verify(String name, ProgramType type, AttachType attach, String license, List<Instruction> instructions,
            IntFunction<SourceLine> lines, List<FuncInfo> functions, Optional<Btf> btf, List<MapInfo> maps, StructOpsMember structOps) {
        Cfg cfg;
        try {
            cfg = Cfg.of(instructions);
        } catch (Cfg.StructureError e) {
            return refused(name, instructions, lines, e.pc, e.getMessage(), 0, List.of());
        }
        GlobalFunctions.Prototype[] global = GlobalFunctions.of(cfg, functions, btf, type);
        String incompatible = incompatibleMapUse(cfg, type, maps);
        if (incompatible != null) {
            return refused(name, instructions, lines, 0, incompatible, 0, List.of());
        }
        boolean gpl = license != null && GPL_COMPATIBLE.contains(license);
        String structOpsRefusal = structOpsRefusal(type, gpl, structOps);
        if (structOpsRefusal != null) {
            return refused(name, instructions, lines, 0, structOpsRefusal, 0, List.of());
        }
        // a struct_ops callback whose member returns void need not set r0 (check_return_code)
        boolean returnsVoid = type == ProgramType.STRUCT_OPS && !structOps.returnsValue();
        // the inner map templates follow the object's maps, so that a register can name one by index
        List<MapInfo> all = new ArrayList<>(maps);
        int[] innerTemplate = new int[maps.size()];
        for (int i = 0; i < maps.size(); i++) {
            innerTemplate[i] = -1;
            if (maps.get(i).inner() != null) {
                innerTemplate[i] = all.size();
                all.add(maps.get(i).inner());
            }
        }
        Explorer ex = new Explorer(cfg, type, List.copyOf(all), innerTemplate, gpl, global, new ContextRules(type, attach),
                ReturnRange.of(type, attach), returnsVoid);
        try {
            ex.run();
        } catch (Explorer.Refusal r) {
            List<String> log = Explorer.logTail(r.trail, cfg);
            if (r.after != null) {
                log.add(r.after);
            }
            return refused(name, instructions, lines, r.pc, r.getMessage(), ex.processed, log);
        }
        // do_check_subprogs: each global function called on a certain path, on its own, until no new one is called
        long processed = ex.processed;
        boolean complete = ex.complete;
        Explorer last = ex;
        boolean[] verified = new boolean[global.length];
        for (boolean again = true; again; ) {
            again = false;
            for (int sub = 1; sub < global.length; sub++) {
                if (global[sub] == null || !ex.globalCalled[sub] || verified[sub]) {
                    continue;
                }
                Explorer walk = new Explorer(last, sub);
                try {
                    walk.run();
                } catch (Explorer.Refusal r) {
                    return refused(name, instructions, lines, r.pc, r.getMessage(), walk.processed, Explorer.logTail(r.trail, cfg));
                }
                verified[sub] = true;
                again = true;
                processed = walk.processed;
                complete &= walk.complete;
                last = walk;
            }
        }
        ex.fastcall.adjust(ex.stackDepth);
        String stack = callGraph(cfg, ex);
        if (stack == null) {
            stack = combinedStack(cfg, ex.stackDepth);
        }
        if (stack != null) {
            return refused(name, instructions, lines, 0, stack, processed, List.of());
        }
        return new Verification(name, true, processed, complete, "", -1, "", null, List.of());
    }

    /**
     * check_struct_ops_btf_id, before any instruction is walked: a struct_ops program must be GPL
     * compatible, and must be placed in a member of a struct_ops variable, which gives libbpf the
     * struct and member it loads the program for. A program no variable places is loaded without
     * them, and the kernel answers -ENOTSUPP with an empty log (Linux 6.18). Null when loadable.
     */
    private static String structOpsRefusal(ProgramType type, boolean gpl, StructOpsMember structOps) {
        if (type != ProgramType.STRUCT_OPS) {
            return null;
        }
        if (!gpl) {
            return "struct ops programs must have a GPL compatible license";
        }
        if (structOps == null) {
            return "struct_ops program placed in no member of a struct_ops variable (SEC(\".struct_ops\")): loaded without an "
                    + "attach_btf_id, the kernel refuses it with -ENOTSUPP (524) and an empty log";
        }
        return null;
    }

    /**
     * check_map_prog_compatibility for locks, timers and work queues: a tracing program (kprobe,
     * tracepoint, perf event, raw tracepoint) that refers to a map whose value holds one, or a
     * socket filter to one whose value holds a bpf_spin_lock, is refused before any instruction is
     * walked, reachable or not. Null when there is no such reference.
     */
    private static String incompatibleMapUse(Cfg cfg, ProgramType type, List<MapInfo> maps) {
        boolean tracing = type == ProgramType.KPROBE || type == ProgramType.TRACEPOINT || type == ProgramType.PERF_EVENT
                || type == ProgramType.RAW_TRACEPOINT || type == ProgramType.RAW_TRACEPOINT_WRITABLE;
        if (!tracing && type != ProgramType.SOCKET_FILTER) {
            return null;
        }
        for (Instruction insn : cfg.slots) {
            int src = insn == null ? -1 : insn.src();
            if (insn != null && insn.opcode() == 0x18 && (src == 1 || src == 2 || src == 5 || src == 6)
                    && insn.imm() >= 0 && insn.imm() < maps.size()) {
                MapInfo m = maps.get(insn.imm());
                if (m.spinLockOffset() >= 0) {
                    return tracing ? "tracing progs cannot use bpf_spin_lock yet" : "socket filter progs cannot use bpf_spin_lock yet";
                }
                if (!tracing) {
                    continue;
                }
                if (m.timerOffset() >= 0) {
                    return "tracing progs cannot use bpf_timer yet";
                }
                if (m.wqOffset() >= 0) {
                    return "tracing progs cannot use bpf_wq yet";
                }
            }
        }
        return null;
    }

    /**
     * The walk of check_max_stack_depth_subprog over the calls reached on certain paths (each one the
     * kernel's call graph has too), with the stack depths the walk saw (never more than the
     * kernel's): eight nested frames (recursion reaches them), and a subprogram with a tail call
     * below frames using 256 bytes or more. Null when neither is found.
     */
    private static String callGraph(Cfg cfg, Explorer ex) {
        int subprogs = cfg.subprogStarts.length;
        List<List<Integer>> callees = new ArrayList<>();
        boolean[] tailCall = new boolean[subprogs];
        for (int s = 0; s < subprogs; s++) {
            callees.add(new ArrayList<>());
        }
        for (int pc = 0; pc < cfg.slots.length; pc++) {
            Instruction insn = cfg.slots[pc];
            if (insn != null && insn.opcode() == 0x85 && insn.src() == 1 && ex.certainCall[pc]) {
                // one edge per callee: calling it from several places changes nothing in the walk
                List<Integer> list = callees.get(cfg.subprogOf[pc]);
                int callee = cfg.subprogOf[pc + insn.imm() + 1];
                if (!list.contains(callee)) {
                    list.add(callee);
                }
            }
            if (insn != null && insn.opcode() == 0x85 && insn.src() == 0 && insn.imm() == TAIL_CALL) {
                tailCall[cfg.subprogOf[pc]] = true;
            }
        }
        return walkCalls(0, 0, 0, callees, tailCall, ex.stackDepth);
    }

    private static final int TAIL_CALL = 12;
    private static final int TAIL_CALL_STACK_LIMIT = 256;

    private static String walkCalls(int sub, int frame, int depthBefore, List<List<Integer>> callees, boolean[] tailCall, int[] depth) {
        if (sub != 0 && tailCall[sub] && depthBefore >= TAIL_CALL_STACK_LIMIT) {
            return "tail_calls are not allowed when call stack of previous frames is " + depthBefore + " bytes. Too large";
        }
        int depthHere = depthBefore + (depth[sub] + 15) / 16 * 16;
        for (int callee : callees.get(sub)) {
            if (frame + 1 >= Explorer.MAX_CALL_FRAMES) {
                return "the call stack of " + (frame + 1) + " frames is too deep !";
            }
            String why = walkCalls(callee, frame + 1, depthHere, callees, tailCall, depth);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** The kernel's check_max_stack_depth over the call graph, with the depths the walk saw (never more than the kernel's). */
    private static String combinedStack(Cfg cfg, int[] depth) {
        List<List<Integer>> callees = new ArrayList<>();
        for (int s = 0; s < cfg.subprogStarts.length; s++) {
            callees.add(new ArrayList<>());
        }
        for (int pc = 0; pc < cfg.slots.length; pc++) {
            Instruction insn = cfg.slots[pc];
            if (insn != null && insn.opcode() == 0x85 && insn.src() == 1) {
                callees.get(cfg.subprogOf[pc]).add(cfg.subprogOf[pc + insn.imm() + 1]);
            }
        }
        int[] calls = new int[1];
        int total = deepest(0, callees, depth, 0, calls);
        if (total > State.STACK_SIZE) {
            return "combined stack size of " + calls[0] + " calls is " + total + ". Too large";
        }
        return null;
    }

    private static int deepest(int sub, List<List<Integer>> callees, int[] depth, int level, int[] calls) {
        if (level > Explorer.MAX_CALL_FRAMES) {
            return 0;
        }
        int best = 0;
        int bestCalls = 0;
        for (int c : callees.get(sub)) {
            int[] n = new int[1];
            int d = deepest(c, callees, depth, level + 1, n);
            if (d > best) {
                best = d;
                bestCalls = n[0];
            }
        }
        calls[0] = bestCalls + 1;
        // round_up_stack_depth: a JIT-compiled frame takes its depth rounded up to 16 bytes
        return (depth[sub] + 15) / 16 * 16 + best;
    }

    private static Verification refused(String name, List<Instruction> instructions, IntFunction<SourceLine> lines, int pc, String message,
            long processed, List<String> log) {
        Instruction insn = instructionAt(instructions, pc);
        return new Verification(name, false, processed, true, message, pc, insn == null ? "" : insn.toString(), lines.apply(pc), log);
    }

    private static Instruction instructionAt(List<Instruction> instructions, int pc) {
        int at = 0;
        for (Instruction insn : instructions) {
            if (at == pc) {
                return insn;
            }
            at += insn.slots();
        }
        return null;
    }
}
