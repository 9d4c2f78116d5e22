package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.nio.file.Path;
import org.ebpftest.runtime.coverage.Coverage;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * With paths recorded ({@code -Debpftest.path=on}), a failed return-code or packet assertion shows
 * the path the run took through the C source; without, the message is as it always was.
 * {@code coverage/branches.c} drops a frame whose byte 14 is 1 and byte 15 is 22.
 */
class RunPathMessageTest {
    private static final Path OBJECT = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "coverage", "branches.o");
    private static final String PATH = """
            path through the C source (9 lines entered):
              branches.c:15  int classify(struct xdp_md *ctx)
              branches.c:18  void *end = (void *)(long)ctx->data_end;
              branches.c:17  void *data = (void *)(long)ctx->data;
              branches.c:21  if (data + 16 > end)   [fell through]
              branches.c:23  if (bytes[14] == 1)   [fell through]
              branches.c:24  return port_verdict(bytes[15]);
              branches.c:7  static __attribute__((noinline)) int port_verdict(__u8 port)
              branches.c:12  }   [jumped]
              branches.c:26  }""";

    private static RunResult runSsh(boolean recordPath) {
        byte[] frame = new byte[16];
        frame[14] = 1;
        frame[15] = 22;
        if (!recordPath) {
            return LoadedObject.load(OBJECT).run("classify", XdpInput.of(frame));
        }
        try (Coverage.Activation on = Coverage.recordPaths()) {
            return LoadedObject.load(OBJECT).run("classify", XdpInput.of(frame));
        }
    }

    @Test
    void aFailedReturnCodeShowsThePathThatLedToTheVerdict() {
        RunResult dropped = runSsh(true);

        assertThat(Thrown.message(() -> assertThat(dropped).returnsXdpPass()))
                .isEqualTo("Expecting return code: XDP_PASS (2) but was: XDP_DROP (1)\n" + PATH);
    }

    @Test
    void aFailedPacketComparisonEndsWithThePath() {
        RunResult dropped = runSsh(true);

        assertThat(Thrown.message(() -> assertThat(dropped).hasPacket(new byte[16]))).endsWith("\n" + PATH);
    }

    @Test
    void withoutRecordingTheMessageHasNoPath() {
        RunResult dropped = runSsh(false);

        assertThat(Thrown.message(() -> assertThat(dropped).returnsXdpPass())).isEqualTo("Expecting return code: XDP_PASS (2) but was: XDP_DROP (1)");
    }
}
