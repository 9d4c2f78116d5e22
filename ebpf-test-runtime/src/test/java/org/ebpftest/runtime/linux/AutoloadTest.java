package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.elf.TypeRule;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.verifier.VerifierException;
import org.junit.jupiter.api.Test;

/**
 * Programs in {@code SEC("?...")} sections, which libbpf leaves unloaded until asked for: the
 * object loads whatever the verifier would say of them, and each is verified when first used.
 */
class AutoloadTest {
    private static final byte[] FRAME = new byte[64];

    private static ObjectSpec spec() throws IOException {
        try (InputStream in = AutoloadTest.class.getResourceAsStream("/elf/autoload.o")) {
            return ObjectSpec.parse("autoload.o", in.readAllBytes());
        }
    }

    @Test
    void typesEachProgramByTheNameAfterTheQuestionMarkAndLeavesItsAutoloadOff() throws IOException {
        ObjectSpec spec = spec();

        assertThat(spec.program("always").autoload()).isTrue();
        assertThat(spec.program("unchecked_read").autoload()).isFalse();
        assertThat(spec.program("unchecked_read").typedBy()).isEqualTo(new TypeRule(TypeRule.Origin.LIBBPF, "xdp"));
        assertThat(spec.program("optional_tc").type()).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(spec.program("optional_raw_tp").type()).isEqualTo(ProgramType.RAW_TRACEPOINT);
        assertThat(spec.program("optional_raw_tp").attachTo()).isEqualTo("sys_enter");
    }

    @Test
    void loadsTheObjectThoughAProgramLibbpfWouldNotLoadIsOneLinuxRefuses() throws IOException {
        try (LoadedObject obj = LoadedObject.load(spec())) {
            assertThat(obj.run("always", XdpInput.of(FRAME)).retval()).isEqualTo(2);
            assertThat(obj.run("optional_tc", SkbInput.of(FRAME)).retval()).isZero();
        }
    }

    @Test
    void verifiesAProgramLeftUnloadedWhenFirstAskedForAndRefusesItEveryTimeAfter() throws IOException {
        try (LoadedObject obj = LoadedObject.load(spec())) {
            assertThatThrownBy(() -> obj.program("unchecked_read"))
                    .isInstanceOf(VerifierException.class)
                    .hasMessageContaining("program unchecked_read refused by the verifier: invalid access to packet");
            assertThatThrownBy(() -> obj.run("unchecked_read", XdpInput.of(FRAME)))
                    .isInstanceOf(VerifierException.class)
                    .hasMessageContaining("invalid access to packet");
            // the others are untouched
            assertThat(obj.run("always", XdpInput.of(FRAME)).retval()).isEqualTo(2);
        }
    }

    @Test
    void verifiesItWhenPutIntoAProgramArrayAsOnlyALoadedProgramCanBe() throws IOException {
        try (LoadedObject obj = LoadedObject.load(spec())) {
            assertThatThrownBy(() -> obj.setProgramSlot("jumps", 0, "unchecked_read"))
                    .isInstanceOf(VerifierException.class)
                    .hasMessageContaining("program unchecked_read refused by the verifier");
            assertThat(obj.map("jumps").lookup(new byte[4])).isEmpty();

            // one the verifier accepts goes in and runs as the tail call's target
            obj.setProgramSlot("jumps", 0, "optional_xdp");
            assertThat(obj.run("tail_caller", XdpInput.of(FRAME)).retval()).isEqualTo(1);
        }
    }

    @Test
    void runsItUnverifiedWhenVerificationIsOff() throws IOException {
        try (LoadedObject obj = LoadedObject.loader(spec()).verify(false).load()) {
            byte[] frame = FRAME.clone();
            frame[0] = 7;
            assertThat(obj.run("unchecked_read", XdpInput.of(frame)).retval()).isEqualTo(7);
        }
    }
}
