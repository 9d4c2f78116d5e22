package org.ebpftest.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.elf.ExternSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.isa.CallKind;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionCodec;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.PseudoSource;

/**
 * A linked program's instructions as BPF_PROG_LOAD takes them. The loader leaves map references as
 * {@code MAP_IDX} and {@code MAP_IDX_VALUE} loads of an index into the object's maps; libbpf turns
 * them into {@code BPF_PSEUDO_MAP_FD} and {@code BPF_PSEUDO_MAP_VALUE} loads of the map's descriptor
 * (the value's offset staying in the second immediate), and so does this. Kfunc calls and typed
 * {@code __ksym} loads name the running kernel's BTF ids ({@link KernelBtf}), as libbpf resolves them.
 */
final class ProgramImage {
    private ProgramImage() {
    }

    /**
     * The encoded instructions, map references patched with descriptors.
     *
     * @param mapFd the descriptor of the object's map at an index
     * @throws KernelException naming the extern when the program uses a kfunc or typed kernel
     *     variable the kernel's BTF does not have, or a kconfig value (not resolved yet)
     */
    static byte[] encode(ObjectSpec object, ProgramSpec program, IntUnaryOperator mapFd) {
        List<Instruction> out = new ArrayList<>(program.instructions().size());
        int slot = 0;
        for (Instruction insn : program.instructions()) {
            out.add(patch(object, program, insn, slot, mapFd));
            slot += insn.slots();
        }
        return InstructionCodec.encode(out);
    }

    private static Instruction patch(ObjectSpec object, ProgramSpec program, Instruction insn, int slot, IntUnaryOperator mapFd) {
        if (insn.isWide()) {
            PseudoSource source = PseudoSource.of(insn.src());
            if (source == PseudoSource.MAP_IDX) {
                return new Instruction(insn.opcode(), insn.dst(), PseudoSource.MAP_FD.code(), insn.offset(), mapFd.applyAsInt(insn.imm()), 0);
            }
            if (source == PseudoSource.MAP_IDX_VALUE) {
                return new Instruction(insn.opcode(), insn.dst(), PseudoSource.MAP_VALUE.code(), insn.offset(), mapFd.applyAsInt(insn.imm()),
                        insn.nextImm());
            }
            if (source == PseudoSource.BTF_ID) {
                ExternSpec extern = extern(object, program, slot, insn.imm());
                if (extern.kind() != ExternSpec.Kind.KSYM) {
                    throw unresolved(object, program, slot, insn.imm());
                }
                // a typed __ksym: the address of the kernel's VAR, BTF object 0 (vmlinux)
                int id = kernelId(object, program, slot, extern, BtfKind.VAR, "var ksym");
                return new Instruction(insn.opcode(), insn.dst(), PseudoSource.BTF_ID.code(), insn.offset(), id, 0);
            }
        } else if (insn.opcode() == Opcode.CALL.code() && insn.src() == CallKind.KFUNC.code()) {
            ExternSpec extern = extern(object, program, slot, insn.imm());
            // a kfunc call names the kernel's FUNC by id, offset 0 for vmlinux's own BTF
            int id = kernelId(object, program, slot, extern, BtfKind.FUNC, "func");
            return new Instruction(insn.opcode(), insn.dst(), insn.src(), 0, id, 0);
        }
        return insn;
    }

    private static ExternSpec extern(ObjectSpec object, ProgramSpec program, int slot, int index) {
        if (index < 0 || index >= object.externs().size()) {
            throw unresolved(object, program, slot, index);
        }
        return object.externs().get(index);
    }

    /** The id of an extern in the kernel's BTF, refused in libbpf's words when the kernel has none. */
    private static int kernelId(ObjectSpec object, ProgramSpec program, int slot, ExternSpec extern, BtfKind kind, String what) {
        return KernelBtf.id(extern.name(), kind).orElseThrow(() -> new KernelException("load program \"" + program.name() + "\" of "
                + object.fileName() + " into the kernel: pc " + slot + ": extern (" + what + ") '" + extern.name() + "': not found in kernel BTF ("
                + KernelBtf.VMLINUX + ")", 0));
    }

    private static KernelException unresolved(ObjectSpec object, ProgramSpec program, int slot, int externIndex) {
        String extern = externIndex >= 0 && externIndex < object.externs().size() ? object.externs().get(externIndex).toString()
                : "extern #" + externIndex;
        ExternSpec.Kind kind = externIndex >= 0 && externIndex < object.externs().size() ? object.externs().get(externIndex).kind() : null;
        String needs = kind == ExternSpec.Kind.KCONFIG ? "the kernel's configuration" : "the kernel's BTF";
        return new KernelException("load program \"" + program.name() + "\" of " + object.fileName() + " into the kernel: pc " + slot + " uses "
                + extern + ", which the kernel backend does not resolve against " + needs + " yet; run this test with the emulator", 0);
    }
}
