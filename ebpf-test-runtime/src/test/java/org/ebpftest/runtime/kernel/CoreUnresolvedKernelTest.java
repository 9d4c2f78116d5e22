package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.btf.KernelStructs;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * core_unresolved.c on this kernel, whose BTF has no struct kernel_only: libbpf poisons the
 * relocated instructions, the verifier passes guarded_read (the poison is dead code there) and
 * refuses unguarded_read at the poisoned call, as the emulator does against a target without it.
 */
class CoreUnresolvedKernelTest {
    private static final String OBJECT = "core_unresolved.o";

    @Test
    @Tag("kernel")
    void refusesTheProgramThatReachesThePoisonedCallAtThePcTheKernelNames() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object;
        try (InputStream in = CoreUnresolvedKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            object = in.readAllBytes();
        }

        KernelOracle.Verdict kernel = KernelOracle.verify(object, "core_unresolved");
        Verification emulated = LoadedObject.loader(ObjectSpec.parse(OBJECT, object, KernelStructs.btf())).verify(false).load()
                .verify("unguarded_read");

        assertThat(kernel.loaded()).isFalse();
        assertThat(kernel.bpftoolOutput()).contains("prog 'unguarded_read': relo #2: substituting insn #3 w/ invalid insn");
        assertThat(kernel.bpftoolOutput()).contains(emulated.pc() + ": <invalid CO-RE relocation>");
        assertThat(kernel.bpftoolOutput()).contains("prog 'type_id': relo #4: patched insn #0 (LDIMM64) imm64 8 -> 0");
        assertThat(emulated.message()).contains("CO-RE relocation 2").contains("FIELD_BYTE_SIZE of struct kernel_only (access 0:1)");
    }
}
