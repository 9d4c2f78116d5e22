package org.ebpftest.runtime.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.OBJECT;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.OTHER;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.SHORT;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.SSH;
import static org.ebpftest.runtime.coverage.CoverageCollectorTest.covered;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageReportTest {
    static final String SOURCE = OBJECT.resolveSibling("branches.c").toAbsolutePath().normalize().toString();

    @Test
    void lcovHasOneRecordPerCFileWithFunctionsBranchOutcomesAndLines() {
        String lcov = covered(SHORT, SSH, OTHER).report(new SourceLocator(List.of())).lcov();

        assertThat(lcov).isEqualTo("""
                TN:ebpftest
                SF:%s
                FN:7,port_verdict
                FN:15,classify
                FNDA:1,port_verdict
                FNDA:3,classify
                FNF:2
                FNH:2
                BRDA:12,0,0,1
                BRDA:12,0,1,0
                BRDA:21,0,0,1
                BRDA:21,0,1,2
                BRDA:23,0,0,1
                BRDA:23,0,1,1
                BRF:6
                BRH:5
                DA:7,1
                DA:12,1
                DA:15,3
                DA:17,3
                DA:18,3
                DA:21,3
                DA:23,2
                DA:24,1
                DA:26,3
                LF:9
                LH:9
                end_of_record
                """.formatted(SOURCE));
    }

    @Test
    void lcovMarksTheOutcomesOfAJumpThatNeverRanWithADash() {
        String lcov = covered(SHORT).report(new SourceLocator(List.of())).lcov();

        assertThat(lcov).contains("BRDA:23,0,0,-\nBRDA:23,0,1,-\n", "BRDA:21,0,0,1\nBRDA:21,0,1,0\n", "DA:24,0\n", "LF:9\nLH:5\n", "BRH:1\n");
    }

    @Test
    void htmlSummarisesTheObjectAndShowsEachSourceLineWithItsCountAndBranchOutcomes() {
        String html = covered(SHORT, SSH, OTHER).report(new SourceLocator(List.of())).html();

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "src=\"http");
        assertThat(html).contains("src/test/resources/coverage/branches.o <small>(classify)</small></td><td class=\"n\">9/9 (100.0%)</td>"
                + "<td class=\"n\">5/6 (83.3%)</td><td class=\"n\">2/2 (100.0%)</td>");
        assertThat(html).contains("<tr class=\"hit\"><td class=\"no\">21</td><td class=\"count\">3</td>");
        assertThat(html).contains("taken 1\u00d7 / fell through 2\u00d7");
        assertThat(html).contains("<tr class=\"partly\"><td class=\"no\">12</td><td class=\"count\">1</td>");
        assertThat(html).contains("<span class=\"never\">fell through 0\u00d7</span>");
        assertThat(html).contains("\tif (data + 16 &gt; end)");
        assertThat(html).contains("<td class=\"no\">25</td><td class=\"count\"></td><td></td><td class=\"code\">\treturn XDP_TX;");
    }

    @Test
    void htmlSaysWhenASourceWasNotFoundAndStillListsTheLinesByNumber() throws IOException {
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            LoadedObject.load(ObjectSpec.parse("branches.o", Files.readAllBytes(OBJECT))).run("classify", XdpInput.of(SHORT));
        }
        CoverageReport report = collector.report(new SourceLocator(List.of()));

        assertThat(report.objects()).singleElement().satisfies(o -> assertThat(o.name()).isEqualTo("branches.o"));
        assertThat(report.html()).contains("Source not found: ./branches.c").contains("<tr class=\"missed\"><td class=\"no\">24</td><td class=\"count\">0</td>");
        assertThat(report.lcov()).contains("SF:./branches.c\n", "DA:24,0\n");
    }

    @Test
    void theSourcePathFindsASourceNotBesideTheObject(@TempDir Path dir) throws IOException {
        Files.copy(OBJECT.resolveSibling("branches.c"), dir.resolve("branches.c"));
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            LoadedObject.load(ObjectSpec.parse("branches.o", Files.readAllBytes(OBJECT))).run("classify", XdpInput.of(SHORT));
        }

        CoverageReport report = collector.report(new SourceLocator(List.of(dir)));

        assertThat(report.lcov()).contains("SF:" + dir.resolve("branches.c").toAbsolutePath().normalize() + "\n");
        assertThat(report.html()).doesNotContain("Source not found").contains("\treturn XDP_TX;");
    }

    @Test
    void writesBothFilesIntoTheReportDirectory(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("nested/coverage");

        try (Coverage.Activation on = Coverage.reportTo(out)) {
            LoadedObject.load(OBJECT).run("classify", XdpInput.of(OTHER));
            assertThat(Coverage.writeReport()).contains(out.toAbsolutePath());
        }

        assertThat(Files.readString(out.resolve(CoverageReport.LCOV_FILE))).contains("SF:" + SOURCE, "DA:23,1");
        assertThat(Files.readString(out.resolve(CoverageReport.HTML_FILE))).contains("branches.c");
        assertThat(Coverage.reportDirectory()).isEmpty();
    }

    /** genhtml, LCOV's own HTML generator, reads the tracefile; skipped where lcov is not installed. */
    @Test
    @Tag("genhtml")
    void genhtmlAcceptsTheTracefile(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("genhtml"), "genhtml (package lcov) is not installed");
        Path tracefile = dir.resolve("lcov.info");
        Files.writeString(tracefile, covered(SHORT, SSH, OTHER).report(new SourceLocator(List.of())).lcov());

        Process genhtml = new ProcessBuilder("genhtml", "--branch-coverage", "--function-coverage", "-o", dir.resolve("html").toString(),
                tracefile.toString()).redirectErrorStream(true).start();
        String output = new String(genhtml.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(genhtml.waitFor()).as(output).isZero();
        assertThat(output).contains("lines......: 100.0% (9 of 9 lines)", "branches...: 83.3% (5 of 6 branches)");
        assertThat(dir.resolve("html/index.html")).exists();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
