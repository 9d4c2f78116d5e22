package org.ebpftest.runtime.elf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * Makes one self-contained program per entry function, as libbpf does: the entry function, then
 * every subprogram it reaches by calls or function addresses, appended in the order they are first
 * met, with each call's and address's immediate rewritten to point inside the program.
 *
 * <p>Entry functions are all functions of executable sections other than {@code .text}, static
 * ones included, as cilium/ebpf loads them: iproute2-era objects keep helpers and tail-call
 * targets as static functions in program sections. A static function there is also a subprogram
 * of the programs that call it. Functions in {@code .text} are only subprograms. libbpf refuses
 * static functions outside {@code .text}.
 */
final class Linker {
    private final Map<Integer, CodeSection> code;
    private final String license;

    Linker(Map<Integer, CodeSection> code, String license) {
        this.code = code;
        this.license = license;
    }

    List<ProgramSpec> link() {
        List<ProgramSpec> out = new ArrayList<>();
        for (CodeSection cs : code.values()) {
            if (cs.section.name().equals(".text")) {
                continue;
            }
            SectionDefs.Match match = SectionDefs.lookup(cs.section.name());
            for (CodeSection.Function f : cs.functions) {
                try {
                    out.add(link(f, match));
                } catch (MalformedObjectException e) {
                    throw new MalformedObjectException("program \"" + f.name() + "\": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private ProgramSpec link(CodeSection.Function entry, SectionDefs.Match match) {
        List<CodeSection.Function> order = new ArrayList<>(List.of(entry));
        Set<CodeSection.Function> seen = new HashSet<>(order);
        Map<CodeSection.Function, Integer> base = new HashMap<>();
        int next = 0;
        for (int i = 0; i < order.size(); i++) {
            CodeSection.Function f = order.get(i);
            base.put(f, next);
            next += f.end() - f.start();
            for (int slot = f.start(); slot < f.end(); slot++) {
                CodeSection.Target t = f.code().targets.get(slot);
                if (t != null) {
                    CodeSection.Function callee = functionAt(t, f, slot);
                    if (seen.add(callee)) {
                        order.add(callee);
                    }
                }
            }
        }
        Instruction[] insns = new Instruction[next];
        SourceLine[] lines = new SourceLine[next];
        List<FuncInfo> funcs = new ArrayList<>();
        Map<Integer, String> poisoned = new HashMap<>();
        for (CodeSection.Function f : order) {
            int b = base.get(f);
            FuncInfo fi = f.code().funcInfos.get(f.start());
            funcs.add(fi != null ? fi.atSlot(b) : new FuncInfo(b, 0, f.name()));
            for (int slot = f.start(); slot < f.end(); slot++) {
                Instruction insn = f.code().bySlot[slot];
                int pc = b + slot - f.start();
                lines[pc] = f.code().lines[slot];
                String poison = f.code().poisoned.get(slot);
                if (poison != null) {
                    poisoned.put(pc, poison);
                }
                if (insn == null) {
                    continue;
                }
                CodeSection.Target t = f.code().targets.get(slot);
                if (t != null) {
                    CodeSection.Function callee = functionAt(t, f, slot);
                    int to = base.get(callee) + t.slot() - callee.start();
                    insn = insn.withImm(to - pc - 1);
                }
                insns[pc] = insn;
            }
        }
        List<Instruction> list = new ArrayList<>();
        for (Instruction insn : insns) {
            if (insn != null) {
                list.add(insn);
            }
        }
        ProgramType type = match == null ? ProgramType.UNSPEC : match.type();
        TypeRule rule = match == null ? TypeRule.NONE : match.rule();
        AttachType attach = match == null ? AttachType.NONE : match.attach();
        String attachTo = match == null ? "" : match.attachTo();
        boolean xdpFrags = match != null && match.xdpFrags();
        return new ProgramSpec(entry.name(), entry.code().section.name(), type, rule, attach, attachTo, xdpFrags, license, list, lines, funcs, poisoned);
    }

    private CodeSection.Function functionAt(CodeSection.Target t, CodeSection.Function from, int slot) {
        CodeSection cs = code.get(t.section());
        CodeSection.Function f = cs == null ? null : cs.functionAt(t.slot());
        if (f == null || cs.bySlot[t.slot()] == null) {
            throw new MalformedObjectException("instruction " + (slot - from.start()) + " of function \"" + from.name()
                    + "\" points at slot " + t.slot() + " of " + (cs == null ? "section " + t.section() : cs.section)
                    + ", which is not an instruction of a function");
        }
        return f;
    }
}
