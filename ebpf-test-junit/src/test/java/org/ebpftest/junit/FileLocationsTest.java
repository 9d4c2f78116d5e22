package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.junit.InputFilesTest.frame;

import java.nio.file.Path;
import java.util.List;
import org.ebpftest.runtime.context.BpfContext;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Every file annotation finds its files by one rule (JUNIT.md, "Where files are found"): a name is
 * looked up in the test class's package on the class path, then from the root; {@code "/name"}
 * only from the root; {@code "file:path"} is a file from the working directory. The class path holds
 * {@code shadowed.hex} twice: frame 6 in {@code org/ebpftest/junit/}, frame 7 at the root.
 */
class FileLocationsTest {

    @Test
    void aNameIsLookedUpInTheTestClassesPackageFirst(@PacketFile("shadowed.hex") byte[] frame) {
        assertThat(frame).isEqualTo(frame(6));
    }

    @Test
    void aLeadingSlashLooksOnlyAtTheRootOfTheClassPath(@PacketFile("/shadowed.hex") byte[] frame) {
        assertThat(frame).isEqualTo(frame(7));
    }

    @Test
    void aFixtureGlobIsLookedUpInThePackageToo(@FixtureFile("beside/*.json") List<BpfFixture> fixtures) {
        assertThat(fixtures).extracting(BpfFixture::name).containsExactly("a fixture beside the test class");
        assertThat(fixtures.get(0).source()).isEqualTo("org/ebpftest/junit/beside/xdp_len_beside.json");
    }

    @Test
    void aFixtureGlobOnDiskMatchesTheSameFilesAsOnTheClassPath(@FixtureFile("file:src/test/resources/fixtures/xdp_len*.json") List<BpfFixture> onDisk,
            @FixtureFile("fixtures/xdp_len*.json") List<BpfFixture> onTheClassPath) {
        assertThat(onDisk).extracting(BpfFixture::name).isEqualTo(onTheClassPath.stream().map(BpfFixture::name).toList());
        assertThat(onDisk.get(0).source()).isEqualTo("src/test/resources/fixtures/xdp_len.json");
    }

    @Test
    void aContextFileCanBeAFileOnDisk(@ContextFile("file:../ebpf-test-runtime/src/test/resources/contexts/xdp_*.json") List<BpfContext> contexts) {
        assertThat(contexts).extracting(BpfContext::name).containsExactly("tcp frame", "long frame");
    }

    @Nested
    @BpfObject("/programs.o")
    class AnObjectFromTheRoot {
        @ParameterizedTest
        @FixtureSource("beside/xdp_len_beside.json")
        void aFixtureSourceFindsFilesBesideTheTestClass(BpfFixture fixture, @ObjectProgram("xdp_len") BpfProgram program) {
            assertThat(fixture.name()).isEqualTo("a fixture beside the test class");
            fixture.check(program.run(fixture), program.object());
        }
    }

    // Mistakes: each names the annotation, the element and every place looked

    @Test
    void aMissingFixtureGlobNamesBothPlacesLooked() {
        assertThat(Fixtures.onlyFailure(MissingFixtures.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@FixtureFile [nowhere/*.json] on field [fixtures] in [FileLocationsTest.MissingFixtures] not found on the class path:"
                        + " looked for [org/ebpftest/junit/nowhere/*.json] and [nowhere/*.json];"
                        + " put the JSON files in the test resources, or give a file with \"file:path/to/file.json\"");
    }

    @Fixture
    static class MissingFixtures {
        @FixtureFile("nowhere/*.json") List<BpfFixture> fixtures;

        @Test
        void test() {
        }
    }

    @Test
    void aMissingNameWithALeadingSlashWasLookedForOnlyAtTheRoot() {
        assertThat(Fixtures.onlyFailure(MissingAtTheRoot.class)).isInstanceOf(ParameterResolutionException.class)
                .hasMessage("@ContextFile [/nowhere.json] on parameter [0] of [test(BpfContext)] in [FileLocationsTest.MissingAtTheRoot]"
                        + " not found on the class path: looked for [nowhere.json];"
                        + " put the JSON files in the test resources, or give a file with \"file:path/to/file.json\"");
    }

    @Fixture
    static class MissingAtTheRoot {
        @Test
        void test(@ContextFile("/nowhere.json") BpfContext context) {
        }
    }

    @Test
    void aGlobOnDiskThatMatchesNothingNamesTheDirectory() {
        assertThat(Fixtures.onlyFailure(MissingOnDisk.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@ContextFile [file:no/such/*.json] on field [contexts] in [FileLocationsTest.MissingOnDisk] not found: no file in ["
                        + Path.of("no/such").toAbsolutePath() + "] matches [*.json]; relative file paths resolve against the working directory");
    }

    @Fixture
    static class MissingOnDisk {
        @ContextFile("file:no/such/*.json") List<BpfContext> contexts;

        @Test
        void test() {
        }
    }

    @Test
    void aGlobInADirectoryIsRefused() {
        assertThat(Fixtures.onlyFailure(GlobInADirectory.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@FixtureFile [fix*/xdp_len.json] on field [fixtures] in [FileLocationsTest.GlobInADirectory]:"
                        + " a glob may only be in the file name, not in [fix*]");
    }

    @Fixture
    static class GlobInADirectory {
        @FixtureFile("fix*/xdp_len.json") List<BpfFixture> fixtures;

        @Test
        void test() {
        }
    }

    @Test
    void aMissingFixtureSourceNamesTheMethod() {
        assertThat(Fixtures.failureMessages(MissingSource.class)).containsExactly(
                "@FixtureSource [/nowhere/*.json] on [run(BpfFixture)] in [FileLocationsTest.MissingSource] not found on the class path:"
                        + " looked for [nowhere/*.json]; put the JSON files in the test resources, or give a file with \"file:path/to/file.json\"");
    }

    @Fixture
    static class MissingSource {
        @ParameterizedTest
        @FixtureSource("/nowhere/*.json")
        void run(BpfFixture fixture) {
            assertThat(fixture).isNotNull();
        }
    }
}
