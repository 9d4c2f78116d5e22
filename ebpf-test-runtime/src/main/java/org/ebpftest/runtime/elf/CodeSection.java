package org.ebpftest.runtime.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * The instructions of one executable section, indexed by slot, with what linking needs: the
 * functions in it, their source lines and func info, and for each call or function address the
 * section and slot it points at.
 */
final class CodeSection {

    /** A function: a slot range of a section. */
    record Function(CodeSection code, String name, int start, int end, boolean global) {
        boolean contains(int slot) {
            return slot >= start && slot < end;
        }
    }

    /** Where a call or function address points: a slot of a section. */
    record Target(int section, int slot) {
    }

    final ElfFile.Section section;
    final Instruction[] bySlot;
    final SourceLine[] lines;
    final Map<Integer, FuncInfo> funcInfos = new HashMap<>();
    final Map<Integer, Target> targets = new HashMap<>();
    /** Slots the loader poisoned because their CO-RE relocation found no match, with why. */
    final Map<Integer, String> poisoned = new HashMap<>();
    final List<Function> functions = new ArrayList<>();

    CodeSection(ElfFile.Section section, List<Instruction> instructions) {
        this.section = section;
        int slots = 0;
        for (Instruction insn : instructions) {
            slots += insn.slots();
        }
        this.bySlot = new Instruction[slots];
        this.lines = new SourceLine[slots];
        int slot = 0;
        for (Instruction insn : instructions) {
            bySlot[slot] = insn;
            slot += insn.slots();
        }
    }

    int slotCount() {
        return bySlot.length;
    }

    /** The instruction that starts at a slot, for a reference from {@code what}. */
    Instruction at(int slot, String what) {
        if (slot < 0 || slot >= bySlot.length || bySlot[slot] == null) {
            throw new MalformedObjectException(what + ": slot " + slot + " is not the start of an instruction in " + section);
        }
        return bySlot[slot];
    }

    /** The function a slot belongs to, or null. */
    Function functionAt(int slot) {
        for (Function f : functions) {
            if (f.contains(slot)) {
                return f;
            }
        }
        return null;
    }
}
