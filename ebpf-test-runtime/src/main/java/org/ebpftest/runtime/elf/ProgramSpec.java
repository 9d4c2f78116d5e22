package org.ebpftest.runtime.elf;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.PseudoResolver;

/**
 * A program of an object after linking: its entry function followed by every subprogram it can
 * reach, with calls and function addresses pointing inside it, map references in the form
 * {@code lddw src=MAP_IDX imm=<map index>} and global-data references as
 * {@code lddw src=MAP_IDX_VALUE imm=<map index> nextImm=<offset>}, indexes into
 * {@link ObjectSpec#maps()}. Immutable.
 */
public final class ProgramSpec {
    private final String name;
    private final String sectionName;
    private final ProgramType type;
    private final TypeRule typedBy;
    private final AttachType attachType;
    private final String attachTo;
    private final boolean xdpFrags;
    private final String license;
    private final List<Instruction> instructions;
    private final SourceLine[] lines;
    private final List<FuncInfo> functions;
    private final Map<Integer, String> poisoned;
    private final StructOpsMember structOpsMember;

    ProgramSpec(String name, String sectionName, ProgramType type, TypeRule typedBy, AttachType attachType, String attachTo, boolean xdpFrags,
            String license, List<Instruction> instructions, SourceLine[] lines, List<FuncInfo> functions, Map<Integer, String> poisoned) {
        this(name, sectionName, type, typedBy, attachType, attachTo, xdpFrags, license, instructions, lines, functions, poisoned, null);
    }

    private ProgramSpec(String name, String sectionName, ProgramType type, TypeRule typedBy, AttachType attachType, String attachTo,
            boolean xdpFrags, String license, List<Instruction> instructions, SourceLine[] lines, List<FuncInfo> functions,
            Map<Integer, String> poisoned, StructOpsMember structOpsMember) {
        this.name = name;
        this.sectionName = sectionName;
        this.type = type;
        this.typedBy = typedBy;
        this.attachType = attachType;
        this.attachTo = attachTo;
        this.xdpFrags = xdpFrags;
        this.license = license;
        this.instructions = List.copyOf(instructions);
        this.lines = lines.clone();
        this.functions = List.copyOf(functions);
        this.poisoned = Map.copyOf(poisoned);
        this.structOpsMember = structOpsMember;
    }

    /** The entry function's name. */
    public String name() {
        return name;
    }

    /** The ELF section the program is in, such as {@code xdp} or {@code kprobe/do_exit}. */
    public String sectionName() {
        return sectionName;
    }

    /**
     * Whether libbpf loads the program with its object: false for a section named with a leading
     * {@code ?} ({@code SEC("?tc")}), whose program libbpf loads only once asked to
     * ({@code bpf_program__set_autoload}); the kernel's selftests put programs it must refuse there.
     */
    public boolean autoload() {
        return !sectionName.startsWith("?");
    }

    /**
     * The program's type: given explicitly at load, or what the section name stands for by the
     * first convention that types it ({@link #typedBy()}); {@link ProgramType#UNSPEC} when none does.
     */
    public ProgramType type() {
        return type;
    }

    /** The rule that gave the program its {@link #type()}. */
    public TypeRule typedBy() {
        return typedBy;
    }

    /**
     * This program with a type given explicitly, as a loader's option does it; its attach type
     * and target stay those of its section when the type is unchanged and are cleared otherwise.
     */
    ProgramSpec withType(ProgramType newType, TypeRule rule) {
        boolean same = newType == type;
        return new ProgramSpec(name, sectionName, newType, rule, same ? attachType : AttachType.NONE, same ? attachTo : "",
                same && xdpFrags, license, instructions, lines, functions, poisoned, same ? structOpsMember : null);
    }

    /** This program as the callback a struct_ops variable of the object places in {@code member}. */
    ProgramSpec withStructOpsMember(StructOpsMember member) {
        return new ProgramSpec(name, sectionName, type, typedBy, attachType, attachTo, xdpFrags, license, instructions, lines, functions,
                poisoned, member);
    }

    /**
     * The member of a struct_ops variable ({@code SEC(".struct_ops")}) that holds this program, as
     * libbpf finds it from the section's relocations and loads the program for; empty for a program
     * no such variable refers to.
     */
    public Optional<StructOpsMember> structOpsMember() {
        return Optional.ofNullable(structOpsMember);
    }

    /** The attach type libbpf loads the program with, {@link AttachType#NONE} when it gives none. */
    public AttachType attachType() {
        return attachType;
    }

    /** What the section name says to attach to ({@code do_exit} in {@code kprobe/do_exit}), or an empty string. */
    public String attachTo() {
        return attachTo;
    }

    /**
     * Whether the program declares that it handles multi-buffer XDP frames: libbpf loads
     * {@code xdp.frags} sections with BPF_F_XDP_HAS_FRAGS. The kernel then lets it attach where
     * frames arrive in fragments and share program arrays only with programs that declare the
     * same; BPF_PROG_TEST_RUN gives fragmented frames to XDP programs either way.
     */
    public boolean hasXdpFrags() {
        return xdpFrags;
    }

    /** The object's license, which decides which helpers the kernel allows. */
    public String license() {
        return license;
    }

    /** The linked instructions, a {@code lddw} counting once. */
    public List<Instruction> instructions() {
        return instructions;
    }

    /** The number of 8-byte slots. */
    public int slotCount() {
        return lines.length;
    }

    /**
     * The line info record at exactly that slot, or null; it may have line 0 (see
     * {@link SourceLine#hasLine()}). {@link org.ebpftest.runtime.vm.Program#sourceLineAt} gives the
     * line that covers a slot.
     */
    public SourceLine sourceLineAt(int slot) {
        return slot >= 0 && slot < lines.length ? lines[slot] : null;
    }

    /** The source line of each slot (entries are null where line info records none); a copy. */
    public SourceLine[] sourceLines() {
        return lines.clone();
    }

    /**
     * Why the instruction at a slot is libbpf's poisoned call ({@link Instruction#corePoison()}):
     * the CO-RE relocation that found no match in the target's types, and what was missing. Empty
     * for every other slot.
     */
    public Optional<String> poisonedRelocationAt(int slot) {
        return Optional.ofNullable(poisoned.get(slot));
    }

    /** The functions the program is made of, at their slots in it: the entry first, then subprograms. */
    public List<FuncInfo> functions() {
        return functions;
    }

    /**
     * The program in {@code llvm-objdump -d -l} layout: a {@code ; <source line>} comment above each
     * instruction whose line differs from the last one printed. Line 0, which the compiler writes
     * for code that belongs to no line, prints nothing.
     */
    public String listing() {
        return listing(List.of());
    }

    /**
     * The listing, with map references named after {@code maps} (the object's maps, which
     * {@code MAP_IDX} loads index) the way {@code bpftool prog dump xlated} names them:
     * {@code r1 = map[flows]}, {@code r1 = map[.data][0]+0x8}.
     */
    public String listing(List<MapSpec> maps) {
        String[] shown = new String[1];
        return Disassembler.listing(instructions, slot -> {
            SourceLine line = sourceLineAt(slot);
            if (line == null || !line.hasLine()) {
                return null;
            }
            String text = line.toString();
            if (text.equals(shown[0])) {
                return null;
            }
            shown[0] = text;
            return text;
        }, insn -> mapReference(insn, maps));
    }

    private static String mapReference(Instruction insn, List<MapSpec> maps) {
        PseudoSource source = insn.isWide() ? PseudoSource.of(insn.src()) : null;
        boolean value = source == PseudoSource.MAP_IDX_VALUE;
        if ((source == PseudoSource.MAP_IDX || value) && insn.imm() >= 0 && insn.imm() < maps.size()) {
            String map = "map[" + maps.get(insn.imm()).name() + "]";
            String target = value ? map + "[0]+0x" + Integer.toHexString(insn.nextImm()) : map;
            return "r" + insn.dst() + " = " + target;
        }
        return Disassembler.format(insn);
    }

    /**
     * Checks and decodes the program for the VM, with its source lines attached.
     *
     * @param resolver what turns map references into values; may be null for programs without any
     * @throws org.ebpftest.runtime.InvalidProgramException naming the pc at fault
     */
    public Program toProgram(PseudoResolver resolver) {
        return Program.builder(name, instructions).sourceLines(lines).pseudoResolver(resolver).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgramSpec p && name.equals(p.name) && sectionName.equals(p.sectionName) && type == p.type && typedBy.equals(p.typedBy)
                && attachType == p.attachType && attachTo.equals(p.attachTo) && xdpFrags == p.xdpFrags && license.equals(p.license)
                && instructions.equals(p.instructions) && Arrays.equals(lines, p.lines) && functions.equals(p.functions)
                && Objects.equals(structOpsMember, p.structOpsMember);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sectionName, instructions);
    }

    @Override
    public String toString() {
        return "ProgramSpec[" + name + " in \"" + sectionName + "\": " + type + " by " + typedBy + ", " + lines.length + " slots]";
    }
}
