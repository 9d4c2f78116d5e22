package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.btf.KernelStructs;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * core_unresolved.c against a target without its struct kernel_only: the poisoned instruction
 * refuses only the program whose run reaches it, at its pc and C line, naming the relocation.
 */
class CoreUnresolvedTest {
    private static final String OBJECT = "core_unresolved.o";

    private static ObjectSpec spec() throws IOException {
        try (InputStream in = CoreUnresolvedTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return ObjectSpec.parse(OBJECT, in.readAllBytes(), KernelStructs.btf());
        }
    }

    @Test
    void refusesOnlyTheProgramThatReachesThePoisonedInstruction() throws IOException {
        // given the object loaded without refusing at load
        LoadedObject loaded = LoadedObject.loader(spec()).verify(false).load();

        // when each program is verified as Linux would
        Verification guarded = loaded.verify("guarded_read");
        Verification unguarded = loaded.verify("unguarded_read");

        // then the guarded one passes and returns XDP_PASS; the other is refused at the poisoned call
        assertThat(guarded.accepted()).isTrue();
        assertThat(loaded.run("guarded_read", XdpInput.of(new byte[64])).retval()).isEqualTo(2);
        assertThat(unguarded.accepted()).isFalse();
        assertThat(unguarded.pc()).isEqualTo(3);
        assertThat(unguarded.message()).startsWith("invalid func unknown#195896080 (the loader poisoned this instruction, as libbpf does: "
                + "CO-RE relocation 2 at slot 11: FIELD_BYTE_SIZE of struct kernel_only (access 0:1): no type named \"kernel_only\" in the target)");
        assertThat(unguarded.line()).hasValueSatisfying(l -> assertThat(l.text()).contains("bpf_core_field_size(some_kernel_struct->wanted)"));
    }

    @Test
    void givesZeroForTheTypeIdOfATypeTheTargetLacksAsLibbpfDoes() throws IOException {
        // given type_id, whose lddw asks the target's id of struct kernel_only
        LoadedObject loaded = LoadedObject.loader(spec()).verify(false).load();

        // then the lddw is not poisoned: libbpf gives a type-based relocation 0 (the kernel's log: imm64 8 -> 0)
        assertThat(loaded.verify("type_id").accepted()).isTrue();
        assertThat(loaded.run("type_id", XdpInput.of(new byte[64])).retval()).isZero();
    }

    @Test
    void aDefaultLoadRefusesTheObjectAsLibbpfDoesWhenOneProgramFails() throws IOException {
        // given the default load, which verifies every program as bpf_object__load does
        ObjectSpec spec = spec();

        // then it names the refused program and the relocation
        assertThatThrownBy(() -> LoadedObject.load(spec)).isInstanceOf(VerifierException.class)
                .hasMessageContaining("unguarded_read").hasMessageContaining("FIELD_BYTE_SIZE of struct kernel_only");
    }

    @Test
    void aRunThatReachesThePoisonedInstructionTraps() throws IOException {
        // given the object loaded without verification
        LoadedObject loaded = LoadedObject.loader(spec()).verify(false).load();

        // then running the program that reaches the poison traps there
        assertThatThrownBy(() -> loaded.run("unguarded_read", XdpInput.of(new byte[64]))).isInstanceOf(TrapException.class)
                .hasMessageContaining("CO-RE relocation found no match");
    }
}
