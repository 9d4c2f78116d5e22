package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * XDP multi-buffer frames without a kernel: each case of {@code elf/xdp_frags.expected} (how
 * test_run splits the frame, bpf_xdp_adjust_tail on fragments, the byte helpers across them, what
 * stays linear) run in the emulator gives the answer Linux 6.18 gave. {@link XdpFragsKernelTest}
 * checks the recordings against the kernel where there is one.
 */
class XdpFragsRecordedTest {
    private static LoadedObject object;

    @BeforeAll
    static void load() {
        object = XdpFragsCase.load();
    }

    static Stream<XdpFragsCase> cases() {
        return XdpFragsCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsTheKernelDidOnMultiBufferFrames(XdpFragsCase c) {
        // given the case's frame, metadata and linear length (through ctx_in, as bpftool passed them)
        // when the emulator runs the program as test_run runs it
        String actual = c.emulate(object);

        // then retval, data_out and ctx_out (or the refusal) are the recorded kernel's
        assertThat(actual).isEqualTo(c.expected());
    }
}
