package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An object whose sections libbpf 1.x leaves partly untyped ({@code socket1}, {@code xdp_sample},
 * {@code mysection}) loads in the kernel only with an explicit type ({@code bpftool prog loadall
 * ... type socket}); given the same type here, every program returns what the kernel's returns.
 */
@Tag("kernel")
class ExplicitTypeKernelTest {

    @Test
    void everyProgramTypedExplicitlyReturnsWhatTheKernelReturns() throws IOException, InterruptedException {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(), () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        byte[] bytes;
        try (InputStream in = ExplicitTypeKernelTest.class.getResourceAsStream("/elf/section_prefixes.o")) {
            bytes = in.readAllBytes();
        }
        ObjectSpec spec = ObjectSpec.parse("section_prefixes.o", bytes).withProgramType(ProgramType.named("socket"));
        LoadedObject emulated = LoadedObject.load(spec);
        byte[] frame = new byte[80];
        frame[12] = 0x08;
        try (KernelOracle kernel = KernelOracle.loadAs(bytes, "sectionprefixes", "socket")) {
            for (ProgramSpec p : spec.programs()) {
                long expected = kernel.run(p.name(), frame).returnValue();
                assertThat(emulated.run(p.name(), SkbInput.of(frame)).returnValue()).as(p.name()).isEqualTo(expected);
            }
        }
    }
}
