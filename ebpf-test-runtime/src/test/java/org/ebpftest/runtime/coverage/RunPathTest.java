package org.ebpftest.runtime.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.OBJECT;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.OTHER;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.SSH;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.coverage.RunPath.Outcome;
import org.ebpftest.runtime.coverage.RunPath.Step;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

class RunPathTest {

    @Test
    void aRunRecordsNoPathUnlessAsked() {
        RunResult result = LoadedObject.load(OBJECT).run("classify", XdpInput.of(SSH));

        assertThat(result.path()).isEmpty();
    }

    /**
     * The SSH frame passes both checks of classify and enters port_verdict, whose test of the port
     * the compiler placed on line 12 (the function's closing brace), as its line info says.
     */
    @Test
    void theRecordedPathListsTheLinesEnteredWithEachBranchDecision() {
        RunResult result;
        try (Coverage.Activation on = Coverage.recordPaths()) {
            result = LoadedObject.load(OBJECT).run("classify", XdpInput.of(SSH));
        }

        RunPath path = result.path().orElseThrow();
        assertThat(path.steps()).extracting(s -> s.line().line() + (s.outcomes().isEmpty() ? "" : " " + s.outcomes()))
                .containsExactly("15", "18", "17", "21 [fell through]", "23 [fell through]", "24", "7", "12 [jumped]", "26");
        assertThat(path.describe()).isEqualTo("""
                path through the C source (9 lines entered):
                  branches.c:15  int classify(struct xdp_md *ctx)
                  branches.c:18  void *end = (void *)(long)ctx->data_end;
                  branches.c:17  void *data = (void *)(long)ctx->data;
                  branches.c:21  if (data + 16 > end)   [fell through]
                  branches.c:23  if (bytes[14] == 1)   [fell through]
                  branches.c:24  return port_verdict(bytes[15]);
                  branches.c:7  static __attribute__((noinline)) int port_verdict(__u8 port)
                  branches.c:12  }   [jumped]
                  branches.c:26  }""");
    }

    @Test
    void recordingAPathWithoutCoverageCountsNothing() {
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.recordPaths()) {
            assertThat(Coverage.active()).isNull();
            LoadedObject.load(OBJECT).run("classify", XdpInput.of(OTHER));
        }

        assertThat(collector.report(new SourceLocator(List.of())).objects()).isEmpty();
        assertThat(Coverage.recordsPaths()).isFalse();
    }

    @Test
    void aLoopIsShownOnceWithTheNumberOfTimesItRanInARow() {
        List<Step> steps = new ArrayList<>();
        steps.add(step(10, List.of()));
        for (int i = 0; i < 4; i++) {
            steps.add(step(11, List.of(Outcome.FELL_THROUGH)));
            steps.add(step(12, List.of()));
        }
        steps.add(step(11, List.of(Outcome.JUMPED)));
        steps.add(step(14, List.of()));

        String text = new RunPath(steps, 0).describe();

        assertThat(text).isEqualTo("""
                path through the C source (11 lines entered):
                  loop.c:10  sum = 0;
                  loop.c:11  if (i < n)   [fell through]
                  loop.c:12  sum += i;
                    (the 2 lines above ran 4 times in a row)
                  loop.c:11  if (i < n)   [jumped]
                  loop.c:14  return sum;""");
    }

    @Test
    void aLongPathSaysHowManyEarlierLinesItLeftOut() {
        assertThat(new RunPath(List.of(step(14, List.of())), 399).describe())
                .startsWith("path through the C source (last 1 of 400 lines entered):");
    }

    private static Step step(int line, List<Outcome> outcomes) {
        String text = switch (line) {
            case 10 -> "\tsum = 0;";
            case 11 -> "\tif (i < n)";
            case 12 -> "\t\tsum += i;";
            default -> "\treturn sum;";
        };
        return new Step("loop", new SourceLine("./loop.c", line, 1, text), outcomes);
    }
}
