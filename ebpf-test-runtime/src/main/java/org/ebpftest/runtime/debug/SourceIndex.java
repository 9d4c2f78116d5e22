package org.ebpftest.runtime.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.Mode;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.Program;

/**
 * What the object's BTF line and func info tell a debugger: which function a pc is in, which
 * lines of which file have code, how a function uses its stack, and the context's C type.
 */
final class SourceIndex {
    private static final int FRAME_POINTER = 10;

    private final ObjectSpec spec;

    SourceIndex(ObjectSpec spec) {
        this.spec = spec;
    }

    /** The function containing a pc of a program: its func info, or empty when the object has none. */
    Optional<FuncInfo> function(String program, int pc) {
        FuncInfo found = null;
        for (FuncInfo f : programSpec(program).map(ProgramSpec::functions).orElse(List.of())) {
            if (f.slot() <= pc && (found == null || f.slot() > found.slot())) {
                found = f;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The C name of the function containing a pc, or {@code pc<N>} of its first slot when BTF has no func info. */
    String functionName(String program, int pc) {
        return function(program, pc).map(FuncInfo::name).orElse(pc == 0 ? program : program + "+" + pc);
    }

    /**
     * The first line at or after {@code line} of a file that has code in any program, as IDEs move
     * a breakpoint off a comment or blank line. Files match by their name without directories.
     *
     * @throws IllegalArgumentException naming the files with line info, or the last line with code
     */
    SourceLine resolveLine(String file, int line) {
        TreeMap<Integer, SourceLine> lines = new TreeMap<>();
        TreeSet<String> files = new TreeSet<>();
        for (ProgramSpec p : spec.programs()) {
            for (SourceLine l : p.sourceLines()) {
                if (l != null && l.hasLine()) {
                    files.add(l.file());
                    if (sameFile(l.file(), file)) {
                        lines.putIfAbsent(l.line(), l);
                    }
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no code of " + spec.fileName() + " comes from " + file
                    + (files.isEmpty() ? "; it has no line info (compile with -g)" : "; line info names " + files));
        }
        var at = lines.ceilingEntry(line);
        if (at == null) {
            throw new IllegalArgumentException("no code of " + spec.fileName() + " comes from line " + line + " of " + file
                    + " or later; its last line with code is " + lines.lastKey());
        }
        return at.getValue();
    }

    /** Whether two file names name the same source: equal without their directories. */
    static boolean sameFile(String a, String b) {
        return baseName(a).equals(baseName(b));
    }

    private static String baseName(String file) {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * The stack slots the function containing {@code pc} addresses through r10 with a constant
     * offset, each with the widest access the code makes there, highest offset first.
     */
    List<int[]> stackAccesses(Program program, int pc) {
        int start = function(program.name(), pc).map(FuncInfo::slot).orElse(0);
        int end = program.slotCount();
        for (FuncInfo f : programSpec(program.name()).map(ProgramSpec::functions).orElse(List.of())) {
            if (f.slot() > start && f.slot() < end) {
                end = f.slot();
            }
        }
        TreeMap<Integer, Integer> widths = new TreeMap<>();
        for (int i = start; i < end; i++) {
            Instruction insn = program.instructionAt(i);
            if (insn == null) {
                continue;
            }
            InstructionClass c = insn.instructionClass();
            boolean load = c == InstructionClass.LDX && insn.src() == FRAME_POINTER;
            boolean store = (c == InstructionClass.ST || c == InstructionClass.STX) && insn.dst() == FRAME_POINTER;
            Mode mode = Mode.of(insn.opcode());
            if ((load || store) && (mode == Mode.MEM || mode == Mode.MEMSX) && insn.offset() < 0) {
                widths.merge(insn.offset(), Size.of(insn.opcode()).bytes(), Math::max);
            }
        }
        List<int[]> out = new ArrayList<>();
        widths.descendingMap().forEach((offset, width) -> out.add(new int[] {offset, width}));
        return out;
    }

    /**
     * The C type of the context a program's main function takes (the type its first parameter
     * points to, such as {@code struct xdp_md}), when BTF describes it.
     */
    Optional<Integer> contextType(String program) {
        Optional<Btf> btf = spec.btf();
        Optional<FuncInfo> main = function(program, 0);
        if (btf.isEmpty() || main.isEmpty()) {
            return Optional.empty();
        }
        Btf b = btf.get();
        if (!(b.type(main.get().typeId()) instanceof BtfType.Func func) || !(b.resolve(func.proto()) instanceof BtfType.FuncProto proto)
                || proto.params().isEmpty() || !(b.resolve(proto.params().get(0).type()) instanceof BtfType.Pointer pointer)) {
            return Optional.empty();
        }
        BtfType target = b.resolve(pointer.target());
        return target instanceof BtfType.StructType s ? Optional.of(s.id()) : Optional.empty();
    }

    /** The parameters of the function containing a pc, from its BTF prototype; empty without BTF. */
    List<BtfType.Param> parameters(String program, int pc) {
        Optional<Btf> btf = spec.btf();
        Optional<FuncInfo> f = function(program, pc);
        if (btf.isEmpty() || f.isEmpty() || !(btf.get().type(f.get().typeId()) instanceof BtfType.Func func)
                || !(btf.get().resolve(func.proto()) instanceof BtfType.FuncProto proto)) {
            return List.of();
        }
        return proto.params();
    }

    Optional<Btf> btf() {
        return spec.btf();
    }

    private Optional<ProgramSpec> programSpec(String name) {
        return spec.findProgram(name);
    }
}
