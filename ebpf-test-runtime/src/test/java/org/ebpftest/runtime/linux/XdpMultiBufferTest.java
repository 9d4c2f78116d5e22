package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.uapi.Errno;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public face of multi-buffer XDP runs: the frags declaration in the program spec, the linear
 * length an input asks for, and the whole frame in the result. The kernel's answers for the
 * helpers are in {@code kernel.XdpFragsRecordedTest}.
 */
class XdpMultiBufferTest {
    private static LoadedObject object;

    @BeforeAll
    static void load() throws IOException {
        object = LoadedObjectTest.load("xdp_frags.o");
    }

    /** A frame whose bytes 14..29 ask xdp_frags.c for an operation. */
    private static byte[] frame(int length, int op, int a) {
        byte[] f = new byte[length];
        for (int i = 0; i < length; i++) {
            f[i] = (byte) (i * 7 + 3);
        }
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).put(14, (byte) op).put(15, (byte) 0).putShort(16, (short) 0).putInt(18, a)
                .putInt(22, 0).putInt(26, 0);
        return f;
    }

    @Test
    void programSpecRecordsWhetherTheSectionDeclaresFrags() {
        assertThat(object.spec().program("frags").hasXdpFrags()).isTrue();
        assertThat(object.spec().program("single").hasXdpFrags()).isFalse();
    }

    @Test
    void resultHoldsTheWholeFrameAfterTheMetadata() {
        // given 9000 bytes behind 8 bytes of metadata: 3520 linear, then fragments of 4096 and 1384
        byte[] frame = frame(9000, 7, 0);
        byte[] meta = {1, 2, 3, 4, 5, 6, 7, 8};

        // when the program reports what direct packet access sees
        RunResult r = object.run("frags", XdpInput.of(frame).withMetadata(meta));

        // then only the linear part, while packet() and frame() carry every byte
        assertThat(r.retval()).isEqualTo(3520);
        assertThat(r.metadataLength()).isEqualTo(8);
        assertThat(r.frame()).isEqualTo(frame);
        assertThat(Arrays.copyOf(r.packet(), 8)).isEqualTo(meta);
        assertThat(r.packet()).hasSize(9008);
    }

    @Test
    void linearLengthPutsTheRestOfEvenAShortFrameInFragments() {
        // given a 200-byte frame of which 50 bytes are to be linear
        XdpInput input = XdpInput.of(frame(200, 5, 0)).withLinearLength(50);

        // when the program asks for the whole length and direct access for the linear one
        RunResult whole = object.run("frags", input);
        RunResult linear = object.run("frags", XdpInput.of(frame(200, 7, 0)).withLinearLength(50));

        // then the fragments count in bpf_xdp_get_buff_len only; ctx_out's data_end ends the linear part
        assertThat(whole.retval()).isEqualTo(200);
        assertThat(linear.retval()).isEqualTo(50);
        assertThat(ContextBytes.u32(linear.contextOut().orElseThrow(), XdpLayout.DATA_END)).isEqualTo(50);
    }

    @Test
    void fromTestRunTakesCtxInDataEndAsTheEndOfTheLinearPart() {
        byte[] ctx = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(64).array();

        assertThat(XdpInput.fromTestRun(frame(300, 0, 0), ctx).linearLength()).isEqualTo(64);
        assertThat(XdpInput.fromTestRun(frame(300, 0, 0), null).linearLength()).isEqualTo(-1);
    }

    @Test
    void ctxInDataEndBeyondDataInIsRefusedWithEinval() {
        byte[] ctx = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(301).array();

        assertThatThrownBy(() -> XdpInput.fromTestRun(frame(300, 0, 0), ctx)).isInstanceOfSatisfying(RunRefusedException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL)).hasMessageContaining("xdp_md.data_end (301) lies beyond the 300 bytes of data_in");
    }

    @Test
    void linearLengthBeyondTheFrameIsAnInvalidArgument() {
        assertThatThrownBy(() -> XdpInput.of(new byte[100]).withLinearLength(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and the frame's 100 bytes");
        assertThatThrownBy(() -> XdpInput.of(new byte[100]).withLinearLength(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataOverTheFreeHeadroomIsRefusedWithEinval() {
        assertThatThrownBy(() -> object.run("frags", XdpInput.of(frame(100, 7, 0)).withMetadata(new byte[220])))
                .isInstanceOf(RunRefusedException.class).hasMessageContaining("at most 216");
    }
}
