package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpftest.cli.Cli.Outcome;
import org.ebpftest.runtime.coverage.Coverage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With coverage on, a command writes the report of its runs when it ends. The JVM of these tests
 * has no {@code -Debpftest.coverage}, so the test switches coverage on as that property does.
 */
class CoverageTest {
    static final Path OBJECT = Path.of("../ebpf-test-runtime/src/test/resources/coverage/branches.o");

    @Test
    void runWritesTheCoverageReportOfItsRunsWhenItEnds(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("coverage");
        Path frame = Files.write(dir.resolve("in.bin"), new byte[16]);
        Outcome o;
        try (Coverage.Activation on = Coverage.reportTo(report)) {
            o = Cli.run("run", OBJECT.toString(), "--program", "classify", "--data-in", frame.toString());
        }

        assertThat(o.status()).as(o.err()).isZero();
        String source = OBJECT.resolveSibling("branches.c").toAbsolutePath().normalize().toString();
        assertThat(Files.readString(report.resolve("lcov.info"))).contains("SF:" + source + "\n", "DA:23,1\n", "BRDA:23,0,0,1\n", "DA:24,0\n");
        assertThat(Files.readString(report.resolve("index.html"))).contains("branches.c", "\treturn XDP_TX;");
    }
}
