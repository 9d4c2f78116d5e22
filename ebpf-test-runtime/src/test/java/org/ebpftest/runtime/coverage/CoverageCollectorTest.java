package org.ebpftest.runtime.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.runtime.coverage.CoverageReport.BranchCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.FileCoverage;
import org.ebpftest.runtime.coverage.CoverageReport.LineStatus;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.XdpAction;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage of {@code coverage/branches.c}, whose lines and jumps (as its BTF line info maps them)
 * are: line 21 {@code if (data + 16 > end)} jumps to the exit when the frame is short; line 23
 * {@code if (bytes[14] == 1)} jumps to the exit when byte 14 is not 1; line 12, the end of
 * {@code port_verdict}, holds its {@code if (port == 22)}, which jumps when the port is 22.
 */
class CoverageCollectorTest {
    static final Path OBJECT = Path.of("src/test/resources/coverage/branches.o");
    static final byte[] SHORT = new byte[15];
    static final byte[] OTHER = new byte[16];
    static final byte[] SSH = frame(1, 22);

    static byte[] frame(int protocol, int port) {
        byte[] f = new byte[16];
        f[14] = (byte) protocol;
        f[15] = (byte) port;
        return f;
    }

    /** Loads the object and runs classify on each frame, counting into a collector of its own. */
    static CoverageCollector covered(byte[]... frames) {
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            LoadedObject object = LoadedObject.load(OBJECT);
            for (byte[] f : frames) {
                object.run("classify", XdpInput.of(f));
            }
        }
        return collector;
    }

    static FileCoverage branchesC(CoverageCollector collector) {
        CoverageReport report = collector.report(new SourceLocator(List.of()));
        return report.object("branches.o").orElseThrow().file("branches.c").orElseThrow();
    }

    @Test
    void countsEachLineAndBothOutcomesOfEveryConditionalJumpOverThreePaths() {
        FileCoverage file = branchesC(covered(SHORT, SSH, OTHER));

        assertThat(file.line(21).orElseThrow().hits()).isEqualTo(3);
        assertThat(file.line(21).orElseThrow().branches()).singleElement()
                .extracting(BranchCoverage::executed, BranchCoverage::taken, BranchCoverage::fallThrough).containsExactly(3L, 1L, 2L);
        assertThat(file.line(23).orElseThrow().hits()).isEqualTo(2);
        assertThat(file.line(23).orElseThrow().branches()).singleElement()
                .extracting(BranchCoverage::taken, BranchCoverage::fallThrough).containsExactly(1L, 1L);
        assertThat(file.line(24).orElseThrow().hits()).isEqualTo(1);
        assertThat(file.line(12).orElseThrow().branches()).singleElement()
                .extracting(BranchCoverage::program, BranchCoverage::taken, BranchCoverage::fallThrough).containsExactly("classify", 1L, 0L);
        assertThat(file.line(12).orElseThrow().status()).isEqualTo(LineStatus.PARTLY);
        assertThat(file.line(21).orElseThrow().status()).isEqualTo(LineStatus.HIT);
        assertThat(file.functions()).extracting(f -> f.name() + "=" + f.hits()).containsExactly("port_verdict=1", "classify=3");
        assertThat(file.totals()).isEqualTo(new CoverageReport.Totals(9, 9, 6, 5, 2, 2));
    }

    @Test
    void aShortFrameLeavesTheLinesAfterTheBoundsCheckMissedAndTheCheckPartlyCovered() {
        FileCoverage file = branchesC(covered(SHORT));

        assertThat(file.line(21).orElseThrow().status()).isEqualTo(LineStatus.PARTLY);
        assertThat(file.line(23).orElseThrow().status()).isEqualTo(LineStatus.MISSED);
        assertThat(file.line(24).orElseThrow().hits()).isZero();
        assertThat(file.line(23).orElseThrow().branches()).singleElement()
                .extracting(BranchCoverage::executed, BranchCoverage::taken, BranchCoverage::fallThrough).containsExactly(0L, 0L, 0L);
        assertThat(file.functions()).extracting(f -> f.name() + "=" + f.hits()).containsExactly("port_verdict=0", "classify=1");
    }

    @Test
    void runsOfSeparateLoadsOfTheSameObjectFileAddUpUnderItsPath() {
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            LoadedObject.load(OBJECT).run("classify", XdpInput.of(OTHER));
            LoadedObject.load(OBJECT).run("classify", XdpInput.of(OTHER));
        }

        CoverageReport report = collector.report(new SourceLocator(List.of()));

        assertThat(report.objects()).singleElement().satisfies(o -> {
            assertThat(o.file()).contains(OBJECT.toAbsolutePath().normalize());
            assertThat(o.programs()).containsExactly("classify");
        });
        assertThat(branchesC(collector).line(21).orElseThrow().hits()).isEqualTo(2);
    }

    @Test
    void copiesOfOneObjectCountAsOneNamedByTheFirstOfTheirPaths(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(OBJECT, dir.resolve("branches.o"));
        CoverageCollector collector = new CoverageCollector();
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            LoadedObject.load(copy).run("classify", XdpInput.of(OTHER));
            LoadedObject.load(OBJECT).run("classify", XdpInput.of(OTHER));
        }

        CoverageReport report = collector.report(new SourceLocator(List.of()));

        Path first = Stream.of(copy.toAbsolutePath().normalize(), OBJECT.toAbsolutePath().normalize()).sorted().findFirst().orElseThrow();
        assertThat(report.objects()).singleElement().satisfies(o -> assertThat(o.file()).contains(first));
        // the copy has no source beside it; the original has
        assertThat(branchesC(collector).source()).contains(OBJECT.resolveSibling("branches.c").toAbsolutePath().normalize());
        assertThat(branchesC(collector).line(21).orElseThrow().hits()).isEqualTo(2);
    }

    @Test
    void runsAfterCoverageIsSwitchedOffAreNotCounted() {
        CoverageCollector collector = new CoverageCollector();
        LoadedObject object;
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            object = LoadedObject.load(OBJECT);
            object.run("classify", XdpInput.of(OTHER));
        }
        object.run("classify", XdpInput.of(OTHER));

        assertThat(branchesC(collector).line(21).orElseThrow().hits()).isEqualTo(1);
    }

    @Test
    void aProbeAlreadyOnTheVmStillSeesEveryInstructionWhileCoverageCounts() {
        ProgramSpec spec = ObjectSpec.parse("branches.o", bytes()).program("classify");
        Program program = Program.builder(spec.name(), spec.instructions()).sourceLines(spec.sourceLines()).build();
        List<Integer> seen = new ArrayList<>();
        LinuxEmulator emulator = LinuxEmulator.builder().vmSetup(vm -> vm.setProbe(e -> seen.add(e.pc()))).build();
        CoverageCollector collector = new CoverageCollector();
        RunResult result;
        try (Coverage.Activation on = Coverage.collectInto(collector)) {
            result = emulator.run(program, ContextType.XDP, XdpInput.of(SSH));
        }

        assertThat(result.returnValue()).isEqualTo(XdpAction.DROP.value());
        assertThat(seen).hasSize((int) result.instructions());
        CoverageReport report = collector.report(new SourceLocator(List.of(OBJECT.getParent())));
        assertThat(report.objects()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("(program classify, no object)");
            FileCoverage file = o.file("branches.c").orElseThrow();
            assertThat(file.source()).contains(OBJECT.resolveSibling("branches.c").toAbsolutePath().normalize());
            assertThat(file.line(24).orElseThrow().hits()).isEqualTo(1);
        });
    }

    static byte[] bytes() {
        try {
            return Files.readAllBytes(OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
