package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * arena.c on the kernel, where it lets a program have an arena: each XDP program's return value,
 * each on a fresh load. The kernel of the machine this was written on (Linux 6.18 in a VM)
 * refuses BPF_MAP_CREATE of every arena with EPERM, whatever the attributes (even invalid ones),
 * while it creates other CAP_BPF map types (cpumap, lru_percpu_hash): the comparison then skips,
 * saying so, and the arena's semantics follow kernel/bpf/arena.c and the x86 JIT instead.
 */
class ArenaKernelTest {
    private static final List<String> PROGRAMS = List.of("alloc_write_read", "too_many_pages", "fixed_address", "reserve_then_alloc",
            "casts_keep_the_offset");

    @Test
    @Tag("kernel")
    void answersEachArenaProgramAsTheKernelDoes() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] object;
        try (InputStream in = ArenaKernelTest.class.getResourceAsStream("/elf/arena.o")) {
            object = in.readAllBytes();
        }
        for (String program : PROGRAMS) {
            KernelOracle kernel;
            try {
                kernel = KernelOracle.load(object, "arena");
            } catch (IllegalStateException refused) {
                assumeTrue(false, () -> "this kernel does not load arena maps: " + refused.getMessage());
                return;
            }
            try (kernel) {
                long expected = kernel.run(program, new byte[64]).returnValue();
                LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("arena.o", object));

                assertThat(emulated.run(program, XdpInput.of(new byte[64])).retval()).as(program).isEqualTo(expected);
            }
        }
    }
}
