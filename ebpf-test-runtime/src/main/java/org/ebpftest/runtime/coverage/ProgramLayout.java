package org.ebpftest.runtime.coverage;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionClass;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.Program;

/**
 * What coverage needs to know of a program, worked out once when it is first seen: the C line of
 * each slot, where each conditional jump goes, and where its functions start. The counts of every
 * run of a program with the same object, name and instructions add up in one {@link #counts}.
 */
final class ProgramLayout {
    /** The object key ({@link ObjectIdentity#key()}) and program name, and a fingerprint of the instructions. */
    final String key;
    final ObjectIdentity object;
    final String program;
    final Program code;
    /** The C line covering each slot (null where there is none), as {@link Program#sourceLineAt} gives it. */
    final SourceLine[] lines;
    /** For a conditional jump with a distinct target, the slot it jumps to; -1 for any other slot. */
    final int[] jumpTarget;
    final List<FuncInfo> functions;
    final ProgramCounts counts;

    ProgramLayout(ObjectIdentity object, Program code, List<FuncInfo> functions) {
        this.object = object;
        this.program = code.name();
        this.code = code;
        int slots = code.slotCount();
        this.lines = new SourceLine[slots];
        this.jumpTarget = new int[slots];
        for (int pc = 0; pc < slots; pc++) {
            lines[pc] = code.sourceLineAt(pc);
            jumpTarget[pc] = conditionalTarget(code.instructionAt(pc), pc);
        }
        this.functions = functions.isEmpty() ? List.of(new FuncInfo(0, 0, code.name())) : List.copyOf(functions);
        this.key = key(object, code);
        this.counts = new ProgramCounts(slots);
    }

    /** Runs of programs with equal keys count together: the same object file, program and instructions. */
    static String key(ObjectIdentity object, Program code) {
        return object.key() + "\0" + code.name() + "\0" + code.slotCount() + "\0" + code.instructions().hashCode();
    }

    /**
     * A jump whose offset is 0 goes to the next slot either way: it has no outcomes to tell apart,
     * so it counts as no branch.
     */
    private static int conditionalTarget(Instruction insn, int pc) {
        if (insn == null) {
            return -1;
        }
        InstructionClass cls = insn.instructionClass();
        if (cls != InstructionClass.JMP && cls != InstructionClass.JMP32) {
            return -1;
        }
        JumpOp op = JumpOp.of(insn.opcode());
        if (op == null || !op.isConditional() || insn.offset() == 0) {
            return -1;
        }
        return pc + 1 + insn.offset();
    }

    /**
     * The object a program came from: its file name and content (so that copies of one object, in
     * the sources and on the class path, count as one), and the paths it was read from so far.
     */
    record ObjectIdentity(String key, String fileName, Set<Path> files) {
        /** The first path it was read from, relative to the working directory when under it; else its file name. */
        String name() {
            if (files.isEmpty()) {
                return fileName;
            }
            Path file = files.iterator().next();
            Path here = Path.of("").toAbsolutePath();
            return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
        }
    }
}
