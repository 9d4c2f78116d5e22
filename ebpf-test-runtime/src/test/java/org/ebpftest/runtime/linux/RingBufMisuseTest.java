package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * Programs that hand bpf_ringbuf_submit or bpf_ringbuf_discard a pointer moved off the reserved
 * sample (ringbuf_misuse.c). Linux 6.18's verifier refuses them ("R1 must have zero offset when
 * passed to release func"); the emulator runs without a verifier and traps at the call instead.
 */
class RingBufMisuseTest {

    @Test
    void submitOfAPointerSevenBytesIntoTheSampleTrapsNamingHelperPointerAndSourceLine() throws IOException {
        LoadedObject object = LoadedObjectTest.load("ringbuf_misuse.o");

        TrapException trap = catchThrowableOfType(() -> object.run("submit_moved", XdpInput.of(new byte[64])), TrapException.class);

        assertThat(trap.kind()).isEqualTo(TrapException.Kind.INVALID);
        assertThat(trap.programName()).isEqualTo("submit_moved");
        assertThat(trap.pc()).isEqualTo(10);
        assertThat(trap.detail()).startsWith("bpf_ringbuf_submit: r1 = 0x").contains(" is 7 bytes into the sample of ring buffer \"rb\"");
        assertThat(trap.sourceLine()).hasValueSatisfying(line -> assertThat(line.toString()).contains("bpf_ringbuf_submit(sample + 7, 0)"));
        assertThat(((RingBufMap) object.map("rb")).drain()).as("nothing was committed").isEmpty();
    }

    @Test
    void discardOfAPointerEightBytesIntoTheSampleTraps() throws IOException {
        LoadedObject object = LoadedObjectTest.load("ringbuf_misuse.o");

        TrapException trap = catchThrowableOfType(() -> object.run("discard_moved", XdpInput.of(new byte[64])), TrapException.class);

        assertThat(trap.pc()).isEqualTo(10);
        assertThat(trap.detail()).startsWith("bpf_ringbuf_discard: r1 = 0x").contains(" is 8 bytes into the sample");
    }
}
