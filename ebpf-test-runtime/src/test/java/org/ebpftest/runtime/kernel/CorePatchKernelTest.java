package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How a relocated value is written into its instruction, as libbpf's {@code bpf_core_patch_insn}
 * does: a load of a field whose size differs in the target (core_patch.c against
 * core_patch_target.c), and the check that the instruction holds what the local BTF says
 * (core_enum_unsigned.c).
 */
class CorePatchKernelTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CorePatchKernelTest.class.getResourceAsStream("/elf/" + name)) {
            return in.readAllBytes();
        }
    }

    private static ObjectSpec patched() throws IOException {
        return ObjectSpec.parse("core_patch.o", resource("core_patch.o"),
                CoreTarget.of(ObjectSpec.parse("core_patch_target.o", resource("core_patch_target.o")).btf().orElseThrow()));
    }

    private static Instruction at(ProgramSpec program, int slot) {
        int s = 0;
        for (Instruction insn : program.instructions()) {
            if (s == slot) {
                return insn;
            }
            s += insn.slots();
        }
        throw new IllegalArgumentException("no instruction at slot " + slot);
    }

    private static byte[] packet() {
        byte[] p = new byte[64];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i + 1);
        }
        return p;
    }

    @Test
    void loadsTakeTheTargetsSizeOfUnsignedFields() throws IOException {
        ProgramSpec program = patched().program("sized_loads");

        // then the u64 read of wide becomes a u32 read at 8, the u32 read of narrow a u64 read at 0
        assertThat(at(program, 45)).satisfies(i -> {
            assertThat(Size.of(i.opcode())).isEqualTo(Size.W);
            assertThat(i.offset()).isEqualTo(8);
        });
        assertThat(at(program, 46)).satisfies(i -> {
            assertThat(Size.of(i.opcode())).isEqualTo(Size.DW);
            assertThat(i.offset()).isZero();
        });
        // and the value the packet's bytes give is the one Linux gave (bpftool prog run: 269356042)
        assertThat(LoadedObject.load(patched()).run("sized_loads", XdpInput.of(packet())).retval()).isEqualTo(0x0c0b0a09L + 0x04030201L);
    }

    @Test
    void poisonsALoadOfASignedFieldOfAnotherSize() throws IOException {
        ProgramSpec program = patched().program("sized_loads");

        assertThat(program.poisonedRelocationAt(50)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("CO-RE relocation 3 at slot 50: FIELD_BYTE_OFFSET of struct cp_value (access 0:2): the field is 4 bytes here and 8 in the target"));
    }

    @Test
    void refusesAnInstructionThatDoesNotHoldTheLocalValue() {
        // libbpf reads a 32-bit enumerator sign-extended, while clang wrote 0x80000000 zero-extended
        assertThatThrownBy(() -> ObjectSpec.parse("core_enum_unsigned.o", resource("core_enum_unsigned.o"), CoreTarget.objectBtf()))
                .isInstanceOf(MalformedObjectException.class)
                .hasMessageContaining("CO-RE relocation 0 at slot 0: ENUMVAL_VALUE of enum ceu_big (access 0): the instruction holds 2147483648 "
                        + "where the local BTF gives 18446744071562067968");
    }

    @Test
    @Tag("kernel")
    void answersAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        assumeTrue(KernelOracle.typedLoaderUnavailableReason().isEmpty(), () -> "skipped: " + KernelOracle.typedLoaderUnavailableReason().orElse(""));
        try (KernelOracle kernel = KernelOracle.loadAgainstBtf(resource("core_patch.o"), "core_patch", resource("core_patch_target.o"))) {
            assertThat(LoadedObject.load(patched()).run("sized_loads", XdpInput.of(packet())).retval())
                    .isEqualTo(kernel.run("sized_loads", packet()).returnValue());
        }
        assertThatThrownBy(() -> KernelOracle.loadAgainstBtf(resource("core_enum_unsigned.o"), "core_enum_unsigned", resource("core_enum_unsigned.o")).close())
                .hasMessageContaining("unexpected insn #0 (LDIMM64) value: got 2147483648, exp 18446744071562067968");
    }
}
