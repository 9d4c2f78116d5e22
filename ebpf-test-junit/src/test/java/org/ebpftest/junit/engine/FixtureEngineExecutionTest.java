package org.ebpftest.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.engine.Cases.OWN_FIXTURES;
import static org.ebpftest.junit.engine.Cases.failureOf;
import static org.ebpftest.junit.engine.Cases.run;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Path;
import org.ebpftest.junit.FixtureFormatException;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

/** What running case files does: passing and failing fixtures, and files that cannot run, each with its message. */
class FixtureEngineExecutionTest {
    private static final String FAILING = "engine-cases/failing.json";

    @Test
    void theModulesOwnCasesPass() {
        EngineExecutionResults results = run(selectClasspathResource("ebpf-fixtures"));

        results.allEvents().assertStatistics(s -> s.failed(0));
        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName()).isEqualTo(OWN_FIXTURES);
        assertThat(results.containerEvents().succeeded().count()).isEqualTo(3);
    }

    @Test
    void casesReadAsFilesFindTheirObjectsOnTheClassPath() {
        EngineExecutionResults results = run(selectDirectory("src/test/resources/ebpf-fixtures"));

        results.allEvents().assertStatistics(s -> s.failed(0));
        assertThat(results.testEvents().succeeded().count()).isEqualTo(OWN_FIXTURES.size());
    }

    @Test
    void eachFixtureRunsOnAFreshlyLoadedObject() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/fresh.json"));

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void anObjectBesideTheCaseFileIsFoundThroughARelativePath() {
        EngineExecutionResults results = run(selectClasspathResource("org/ebpftest/junit/engine/globals.json"));

        // ../globals.o from org/ebpftest/junit/engine/ is org/ebpftest/junit/globals.o, which is not at the class-path root.
        results.allEvents().assertStatistics(s -> s.failed(0));
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void aFileObjectIsFoundFromTheWorkingDirectory() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/file-object.json"));

        results.allEvents().assertStatistics(s -> s.failed(0));
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void aWrongReturnValueFailsItsTestWithTheFixtureCheckMessage() {
        EngineExecutionResults results = run(selectClasspathResource(FAILING));

        Throwable failure = failureOf(results.testEvents(), "long frame wrongly expected to pass");
        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessage("""
                fixture [long frame wrongly expected to pass] in [engine-cases/failing.json] on [programs.o]:
                  return value: expected XDP_PASS (2) but was XDP_DROP (1)""");
        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("short frame passes");
        assertThat(results.containerEvents().failed().count()).isZero();
    }

    @Test
    void aWrongPacketFailsItsTestShowingBothPackets() {
        Throwable failure = failureOf(run(selectClasspathResource(FAILING)).testEvents(), "frame wrongly expected to change");

        assertThat(failure).isInstanceOf(AssertionFailedError.class).hasMessage("""
                fixture [frame wrongly expected to change] in [engine-cases/failing.json] on [programs.o]:
                  packet: expected 14 bytes 00112233445566778899aabb0806
                    but was 14 bytes 00112233445566778899aabb0800
                    first difference at byte 13""");
    }

    @Test
    void aProgramTheObjectLacksFailsItsTestListingThePrograms() {
        Throwable failure = failureOf(run(selectClasspathResource(FAILING)).testEvents(), "program that is not there");

        assertThat(failure).hasMessage("no program named \"xdp_fw\" in programs.o; programs: [xdp_len, xdp_twice, tc_mark, socket_all]");
    }

    @Test
    void aFailedCaseRunsAgainAloneByItsUniqueId() {
        Event failed = run(selectClasspathResource(FAILING)).testEvents().failed().list().get(0);
        UniqueId id = failed.getTestDescriptor().getUniqueId();

        EngineExecutionResults again = run(selectUniqueId(id));

        assertThat(id).isEqualTo(UniqueId.forEngine("ebpf-fixtures").append("resource", FAILING)
                .append("fixture", "long frame wrongly expected to pass"));
        assertThat(again.testEvents().started().list()).extracting(e -> e.getTestDescriptor().getUniqueId()).containsExactly(id);
        assertThat(failureOf(again.testEvents(), "long frame wrongly expected to pass")).hasMessageContaining("but was XDP_DROP (1)");
    }

    @Test
    void aMalformedFileFailsItsContainerNamingFilePathLineAndColumn() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/malformed.json"));

        assertThat(failureOf(results.containerEvents(), "engine-cases.malformed")).isInstanceOf(FixtureFormatException.class).hasMessage(
                "engine-cases/malformed.json: $.fixtures[1].expect.return (line 6, column 27): expected a number or an action name such as"
                        + " XDP_PASS, found \"XDP_PAS\"");
        assertThat(results.testEvents().started().count()).isZero();
    }

    @Test
    void brokenJsonFailsItsContainerNamingLineAndColumn() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/broken.json"));

        assertThat(failureOf(results.containerEvents(), "engine-cases.broken")).isInstanceOf(FixtureFormatException.class)
                .hasMessageStartingWith("engine-cases/broken.json (line 4, column 34): malformed JSON: Unexpected character ('\"' (code 34)):"
                        + " was expecting comma to separate Object entries");
    }

    @Test
    void badFilesDoNotHideTheOthers() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases"));

        assertThat(results.containerEvents().failed().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("engine-cases.broken", "engine-cases.malformed", "engine-cases.missing-object", "engine-cases.not-an-object");
        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("short frame passes", "found through the working directory", "first run creates the flow",
                        "second run finds a fresh object and creates it again");
        assertThat(results.testEvents().failed().count()).isEqualTo(5);
    }

    @Test
    void aMissingObjectFailsItsContainerSayingWhereItLooked() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/missing-object.json"));

        assertThat(failureOf(results.containerEvents(), "engine-cases.missing-object")).hasMessage(
                "case file [engine-cases/missing-object.json]: object [nowhere.o] not found: looked for class-path resource"
                        + " [engine-cases/nowhere.o] and class-path resource [nowhere.o]; put it next to the case file, or give"
                        + " \"classpath:path/in/the/class/path.o\" or \"file:path/from/the/working/directory.o\"");
        assertThat(results.testEvents().started().count()).isZero();
    }

    @Test
    void aCaseFileOffTheClassPathLooksForItsObjectBesideIt() {
        Path file = Path.of("src/test/resources/engine-cases/missing-object.json");

        EngineExecutionResults results = run(selectFile(file.toString()));

        assertThat(failureOf(results.containerEvents(), "src.test.resources.engine-cases.missing-object")).hasMessageStartingWith(
                "case file [src/test/resources/engine-cases/missing-object.json]: object [nowhere.o] not found: looked for file ["
                        + file.toAbsolutePath().resolveSibling("nowhere.o") + "] and class-path resource [nowhere.o];");
    }

    @Test
    void anObjectThatIsNotElfFailsItsContainer() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/not-an-object.json"));

        assertThat(failureOf(results.containerEvents(), "engine-cases.not-an-object")).hasMessage(
                "case file [engine-cases/not-an-object.json]: object [classpath:not-an-object.o] is not a valid eBPF object:"
                        + " not-an-object.o: not an ELF file");
    }

    @Test
    void perCpuValuesMustBeOnePerCpuBeforeAndAfterTheRun() {
        EngineExecutionResults results = run(selectClasspathResource("engine-cases/percpu-count.json"));

        assertThat(failureOf(results.testEvents(), "two values for four CPUs")).isInstanceOf(FixtureFormatException.class).hasMessage(
                "engine-cases/percpu-count.json: $.fixtures[0].maps.sizes[0].values (line 6, column 55): map [sizes] is per-CPU on 4 CPUs,"
                        + " but the fixture gives 2 values; give 4, or a single \"value\" for every CPU");
        assertThat(failureOf(results.testEvents(), "expects five values of four CPUs")).isInstanceOf(FixtureFormatException.class).hasMessage(
                "engine-cases/percpu-count.json: $.fixtures[1].expect.maps.sizes[0].values (line 10, column 66): map [sizes] is per-CPU on"
                        + " 4 CPUs, but the fixture gives 5 values; give 4, or a single \"value\" for every CPU");
    }

    @Test
    void tagFiltersSelectByTheFilesTags() {
        EngineExecutionResults results = Cases.engine(selectClasspathResource("ebpf-fixtures")).filters(TagFilter.includeTags("maps")).execute();

        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("first frame of a flow creates it", "known flow is counted on CPU 0");
    }
}
