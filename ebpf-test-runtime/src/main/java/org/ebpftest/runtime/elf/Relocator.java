package org.ebpftest.runtime.elf;

import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.PseudoSource;

/**
 * Applies one relocation section to the code it relocates, as libbpf does: map and global-data
 * references become {@code MAP_IDX} and {@code MAP_IDX_VALUE} loads, and calls and function
 * addresses record the slot they point at for the linker. Calls between functions of one section
 * carry no relocation; they are recorded too.
 */
final class Relocator {
    static final int R_BPF_NONE = 0;
    static final int R_BPF_64_64 = 1;
    static final int R_BPF_64_ABS64 = 2;
    static final int R_BPF_64_32 = 10;

    private final ElfFile elf;
    private final Map<Integer, CodeSection> code;
    private final List<MapReader.Declared> maps;
    private final ElfFile.Section rel;
    private final CodeSection target;
    private final Externs externs;

    /** The index of the {@code .addr_space.1} section, or -1. */
    private final int arenaSection;
    /** The arena map its variables live in, or -1. */
    private final int arenaMap;

    Relocator(ElfFile elf, Map<Integer, CodeSection> code, List<MapReader.Declared> maps, ElfFile.Section rel, Externs externs, int arenaSection,
            int arenaMap) {
        this.arenaSection = arenaSection;
        this.arenaMap = arenaMap;
        this.elf = elf;
        this.externs = externs;
        this.code = code;
        this.maps = maps;
        this.rel = rel;
        this.target = code.get(rel.info());
    }

    /** Records local calls without relocations, then applies the relocation entries. */
    static void recordLocalCalls(CodeSection cs) {
        for (int slot = 0; slot < cs.slotCount(); slot++) {
            Instruction insn = cs.bySlot[slot];
            if (insn != null && isLocalCall(insn)) {
                cs.targets.put(slot, new CodeSection.Target(cs.section.index(), slot + insn.imm() + 1));
            }
        }
    }

    private static boolean isLocalCall(Instruction insn) {
        return insn.opcode() == Opcode.CALL.code() && insn.src() == CallKind.LOCAL.code();
    }

    void apply() {
        List<ElfFile.Relocation> entries;
        try {
            entries = elf.relocations(rel);
        } catch (MalformedObjectException e) {
            throw new MalformedObjectException(rel + ": " + e.getMessage(), e);
        }
        for (ElfFile.Relocation r : entries) {
            try {
                apply(r);
            } catch (MalformedObjectException e) {
                throw new MalformedObjectException(rel + ": relocation " + r.index() + ": " + e.getMessage(), e);
            }
        }
    }

    private void apply(ElfFile.Relocation r) {
        if (r.type() == R_BPF_NONE) {
            return;
        }
        if (r.offset() < 0 || r.offset() % 8 != 0 || r.offset() / 8 >= target.slotCount()) {
            throw new MalformedObjectException("offset " + Long.toUnsignedString(r.offset()) + " is not an instruction of " + target.section);
        }
        int slot = (int) (r.offset() / 8);
        Instruction insn = target.at(slot, "offset " + Long.toUnsignedString(r.offset()));
        ElfFile.Symbol sym = elf.symbol(r.symbol(), "symbol");
        String symName = sym.name().isEmpty() && sym.type() == ElfFile.STT_SECTION && sym.section() > 0 && sym.section() < elf.sections().size()
                ? elf.sections().get(sym.section()).name() : sym.name();
        String what = "symbol \"" + symName + "\"";
        if (sym.section() == ElfFile.SHN_UNDEF) {
            extern(slot, insn, sym, r.type(), what);
            return;
        }
        if (sym.section() >= ElfFile.SHN_LORESERVE || sym.section() >= elf.sections().size()) {
            throw new MalformedObjectException(what + " is in special section " + sym.section());
        }
        switch (r.type()) {
            case R_BPF_64_64 -> load(slot, insn, sym, what);
            case R_BPF_64_32 -> call(slot, insn, sym, what);
            default -> throw new MalformedObjectException("unsupported relocation type " + r.type() + " against " + what + " at " + insn);
        }
    }

    /**
     * A symbol libbpf resolves against the kernel: a kfunc call becomes a kernel-function call and a
     * variable's {@code lddw} a {@code BPF_PSEUDO_BTF_ID} load, both carrying the extern's index;
     * whether the emulator can answer them is decided when a run reaches them.
     */
    private void extern(int slot, Instruction insn, ElfFile.Symbol sym, int type, String what) {
        if (type == R_BPF_64_32 && insn.opcode() == Opcode.CALL.code()) {
            int index = externs.indexOf(sym, true);
            // clang writes the call as a local one (src 1); it is no call into the object's code
            target.targets.remove(slot);
            target.bySlot[slot] = new Instruction(insn.opcode(), 0, CallKind.KFUNC.code(), 0, index, 0);
        } else if (type == R_BPF_64_64 && insn.isWide()) {
            int index = externs.indexOf(sym, false);
            target.bySlot[slot] = new Instruction(insn.opcode(), insn.dst(), PseudoSource.BTF_ID.code(), insn.offset(), index, 0);
        } else {
            throw new MalformedObjectException(what + " is not defined in the object, and " + insn + " is neither a call nor a lddw that could refer to an extern");
        }
    }

    private void load(int slot, Instruction insn, ElfFile.Symbol sym, String what) {
        if (!insn.isWide()) {
            throw new MalformedObjectException(what + ": 64-bit relocation on " + insn + ", which is not a lddw");
        }
        ElfFile.Section sec = elf.sections().get(sym.section());
        long at = sym.value() + (insn.imm() & 0xffffffffL);
        if (sec.isExecutable()) {
            if (at % 8 != 0) {
                throw new MalformedObjectException(what + ": function address " + at + " is not a slot boundary");
            }
            target.bySlot[slot] = new Instruction(insn.opcode(), insn.dst(), PseudoSource.FUNC.code(), insn.offset(), 0, 0);
            target.targets.put(slot, new CodeSection.Target(sec.index(), (int) Math.min(Integer.MAX_VALUE, at / 8)));
            return;
        }
        if (sec.index() == arenaSection && arenaMap >= 0) {
            // an __arena global: libbpf's RELO_DATA into the arena map, resolved to user_vm_start + offset
            target.bySlot[slot] = new Instruction(insn.opcode(), insn.dst(), PseudoSource.MAP_IDX_VALUE.code(), insn.offset(), arenaMap, (int) at);
            return;
        }
        for (int i = 0; i < maps.size(); i++) {
            MapReader.Declared m = maps.get(i);
            if (m.section() != sec.index()) {
                continue;
            }
            if (sec.name().equals(".maps") || sec.name().equals("maps")) {
                if (m.offset() == at) {
                    target.bySlot[slot] = Instruction.lddw(insn.dst(), PseudoSource.MAP_IDX.code(), i);
                    return;
                }
            } else {
                if (at > m.size()) {
                    throw new MalformedObjectException(what + ": offset " + Long.toUnsignedString(at) + " is past the end of " + sec);
                }
                target.bySlot[slot] = new Instruction(insn.opcode(), insn.dst(), PseudoSource.MAP_IDX_VALUE.code(), insn.offset(), i, (int) at);
                return;
            }
        }
        throw new MalformedObjectException(what + " in " + sec + " at offset " + Long.toUnsignedString(at) + " is not a map or global variable");
    }

    private void call(int slot, Instruction insn, ElfFile.Symbol sym, String what) {
        if (!isLocalCall(insn)) {
            throw new MalformedObjectException(what + ": call relocation on " + insn + ", which is not a bpf-to-bpf call");
        }
        ElfFile.Section sec = elf.sections().get(sym.section());
        if (!code.containsKey(sec.index())) {
            throw new MalformedObjectException(what + " is in " + sec + ", which holds no code");
        }
        if (sym.value() % 8 != 0) {
            throw new MalformedObjectException(what + ": value " + Long.toUnsignedString(sym.value()) + " is not a slot boundary");
        }
        long to = sym.value() / 8 + insn.imm() + 1;
        target.targets.put(slot, new CodeSection.Target(sec.index(), (int) Math.max(-1, Math.min(Integer.MAX_VALUE, to))));
    }
}
