package org.ebpftest.junit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.ebpftest.junit.engine.Cases.OWN_FILES;
import static org.ebpftest.junit.engine.Cases.OWN_FIXTURES;
import static org.ebpftest.junit.engine.Cases.discover;
import static org.ebpftest.junit.engine.Cases.files;
import static org.ebpftest.junit.engine.Cases.named;
import static org.ebpftest.junit.engine.Cases.testClasses;
import static org.ebpftest.junit.engine.Cases.tests;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

/** Which case files and fixtures each kind of selector finds, and how they are named and located. */
class FixtureEngineDiscoveryTest {
    private static final UniqueId ENGINE = UniqueId.forEngine(FixtureEngine.ID);
    private static final UniqueId PROGRAMS = ENGINE.append("resource", "ebpf-fixtures/programs.json");

    @Test
    void aClassSelectorFindsTheCaseFilesOfItsClassPathRootAsSurefireNeeds() {
        TestDescriptor engine = discover(selectClass(FixtureEngineDiscoveryTest.class));

        assertThat(files(engine)).isEqualTo(OWN_FILES);
        assertThat(tests(engine)).isEqualTo(OWN_FIXTURES);
        // Surefire reports tests only under a container with a class source named as the container is.
        assertThat(named(engine, "flows.count").getSource()).contains(ClassSource.from("flows.count"));
        // ... and filters tests by -Dtest looking only at method sources.
        assertThat(named(engine, "known flow is counted on CPU 0").getSource())
                .contains(MethodSource.from("flows.count", "known flow is counted on CPU 0"));
    }

    @Test
    void classSelectorsCanBeToldNotToSelectCaseFiles() {
        TestDescriptor engine = Cases.engine(selectClass(FixtureEngineDiscoveryTest.class))
                .configurationParameter(FixtureEngine.WITH_CLASSES, "false").discover().getEngineDescriptor();

        assertThat(engine.getChildren()).isEmpty();
    }

    @Test
    void aClassFromAJarSelectsNothing() {
        TestDescriptor engine = discover(selectClass(Test.class));

        assertThat(engine.getChildren()).isEmpty();
    }

    @Test
    void aClassPathRootWithoutAnEbpfFixturesDirectoryGivesNoDescriptor(@TempDir Path root) {
        TestDescriptor engine = discover(selectClasspathRoots(Set.of(root)).get(0));

        assertThat(engine.getChildren()).isEmpty();
    }

    @Test
    void theTestClassesRootGivesAContainerPerFileAndATestPerFixture() {
        TestDescriptor engine = discover(selectClasspathRoots(Set.of(testClasses())).get(0));

        assertThat(files(engine)).isEqualTo(OWN_FILES);
        assertThat(tests(engine)).isEqualTo(OWN_FIXTURES);
        assertThat(engine.getDisplayName()).isEqualTo("eBPF fixtures");
        assertThat(named(engine, "programs").getSource()).contains(ClasspathResourceSource.from("ebpf-fixtures/programs.json"));
    }

    @Test
    void theDefaultPackageSelectsEveryCaseFileOnTheClassPathAndOtherPackagesNone() {
        assertThat(files(discover(selectPackage("")))).isEqualTo(OWN_FILES);
        assertThat(discover(selectPackage("org.ebpftest.junit.engine")).getChildren()).isEmpty();
    }

    @Test
    void theEnginesOwnIdSelectsEveryCaseFileOnTheClassPath() {
        assertThat(files(discover(selectUniqueId(ENGINE)))).isEqualTo(OWN_FILES);
    }

    @Test
    void fixturesPointAtTheLineAndColumnWhereTheyStart() {
        TestDescriptor engine = discover(selectClasspathResource("ebpf-fixtures/programs.json"));

        TestDescriptor file = named(engine, "programs");
        assertThat(file.getUniqueId()).isEqualTo(PROGRAMS);
        assertThat(file.getSource()).contains(ClasspathResourceSource.from("ebpf-fixtures/programs.json"));
        assertThat(file.isContainer()).isTrue();
        TestDescriptor first = named(engine, "short frame passes");
        assertThat(first.getUniqueId()).isEqualTo(PROGRAMS.append("fixture", "short frame passes"));
        assertThat(first.getSource()).contains(ClasspathResourceSource.from("ebpf-fixtures/programs.json", FilePosition.from(5, 5)));
        assertThat(named(engine, "100-byte frame is dropped").getSource())
                .contains(ClasspathResourceSource.from("ebpf-fixtures/programs.json", FilePosition.from(15, 5)));
    }

    @Test
    void aSourceDirectoryGivesFilesThatIdesOpenWhereTheFixtureStarts() {
        Path sources = Path.of("src/test/resources/ebpf-fixtures").toAbsolutePath();

        TestDescriptor engine = discover(selectDirectory(sources.toFile()));

        assertThat(files(engine)).isEqualTo(OWN_FILES);
        TestDescriptor file = named(engine, "programs");
        assertThat(file.getUniqueId()).isEqualTo(ENGINE.append("file", sources.resolve("programs.json").toString()));
        assertThat(file.getSource()).contains(FileSource.from(sources.resolve("programs.json").toFile()));
        assertThat(named(engine, "short frame passes").getSource())
                .contains(FileSource.from(sources.resolve("programs.json").toFile(), FilePosition.from(5, 5)));
    }

    @Test
    void aDirectoryOnTheClassPathGivesResourcesSoThatTheirIdsDoNotDependOnTheSelector() {
        TestDescriptor engine = discover(selectDirectory(testClasses().resolve("ebpf-fixtures").toFile()));

        assertThat(files(engine)).isEqualTo(OWN_FILES);
        assertThat(named(engine, "programs").getUniqueId()).isEqualTo(PROGRAMS);
    }

    @Test
    void anExplicitDirectoryTakesEveryJsonFileBelowItWhateverItsName() {
        TestDescriptor engine = discover(selectDirectory(testClasses().resolve("engine-cases").toFile()));

        assertThat(files(engine)).containsExactly("engine-cases.broken", "engine-cases.failing", "engine-cases.file-object", "engine-cases.fresh", "engine-cases.malformed",
                "engine-cases.missing-object", "engine-cases.not-an-object", "engine-cases.percpu-count");
    }

    @Test
    void aFileSelectorTakesThatFileAndNothingElse() {
        TestDescriptor engine = discover(selectFile("src/test/resources/ebpf-fixtures/programs.json"));

        assertThat(files(engine)).containsExactly("programs");
        assertThat(engine.getChildren().iterator().next().getSource())
                .contains(FileSource.from(Path.of("src/test/resources/ebpf-fixtures/programs.json").toAbsolutePath().toFile()));
        assertThat(tests(engine)).hasSize(4);
    }

    @Test
    void aFileSelectorIgnoresFilesThatAreNotJson() {
        assertThat(discover(selectFile("src/test/resources/not-an-object.o")).getChildren()).isEmpty();
    }

    @Test
    void aClassPathResourceDirectoryTakesEveryJsonFileBelowIt() {
        TestDescriptor engine = discover(selectClasspathResource("ebpf-fixtures"));

        assertThat(files(engine)).isEqualTo(OWN_FILES);
    }

    @Test
    void aMissingResourceSelectsNothing() {
        assertThat(discover(selectClasspathResource("ebpf-fixtures/nowhere.json")).getChildren()).isEmpty();
    }

    @Test
    void aUniqueIdSelectsOneFixtureOfItsFile() {
        TestDescriptor engine = discover(selectUniqueId(PROGRAMS.append("fixture", "100-byte frame is dropped")));

        assertThat(files(engine)).containsExactly("programs");
        assertThat(tests(engine)).containsExactly("100-byte frame is dropped");
    }

    @Test
    void aUniqueIdOfAFileSelectsAllItsFixtures() {
        assertThat(tests(discover(selectUniqueId(PROGRAMS)))).hasSize(4);
    }

    @Test
    void aUniqueIdOfAFileOffTheClassPathFindsItAgain() {
        Path file = Path.of("src/test/resources/ebpf-fixtures/programs.json").toAbsolutePath();
        UniqueId id = ENGINE.append("file", file.toString()).append("fixture", "short frame passes");

        TestDescriptor engine = discover(selectUniqueId(id));

        assertThat(tests(engine)).containsExactly("short frame passes");
        assertThat(named(engine, "short frame passes").getUniqueId()).isEqualTo(id);
    }

    @Test
    void aUniqueIdOfAFixtureThatIsGoneIsAnErrorAsAVanishedTestMethodIsForJupiter() {
        UniqueId gone = PROGRAMS.append("fixture", "no such fixture");

        EngineDiscoveryResults results = Cases.engine(selectUniqueId(gone)).discover();

        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::severity, DiscoveryIssue::message)
                .containsExactly(tuple(DiscoveryIssue.Severity.ERROR, selectUniqueId(gone) + " could not be resolved"));
    }

    @Test
    void aUniqueIdOfAFixtureInAFileThatCannotBeReadGivesTheFailingContainer() {
        UniqueId id = ENGINE.append("resource", "engine-cases/malformed.json").append("fixture", "a");

        EngineDiscoveryResults results = Cases.engine(selectUniqueId(id)).discover();

        assertThat(files(results.getEngineDescriptor())).containsExactly("engine-cases.malformed");
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    void otherEnginesIdsAndIdsOfOtherShapesSelectNothing() {
        assertThat(discover(selectUniqueId(UniqueId.forEngine("junit-jupiter").append("class", "x.Y"))).getChildren()).isEmpty();
        assertThat(discover(selectUniqueId(PROGRAMS.append("method", "x"))).getChildren()).isEmpty();
    }

    @Test
    void aFileSelectedSeveralWaysIsOneContainerWithEachFixtureOnce() {
        TestDescriptor engine = discover(selectClasspathResource("ebpf-fixtures/programs.json"), selectPackage(""),
                selectUniqueId(PROGRAMS.append("fixture", "short frame passes")), selectClass(FixtureEngineDiscoveryTest.class));

        assertThat(files(engine)).isEqualTo(OWN_FILES);
        assertThat(tests(engine)).isEqualTo(OWN_FIXTURES);
        // The class selector came after the root was listed, and still makes the containers report as classes.
        assertThat(named(engine, "programs").getSource()).contains(ClassSource.from("programs"));
    }

    @Test
    void fileWideTagsTagEveryFixture() {
        TestDescriptor engine = discover(selectClasspathResource("ebpf-fixtures"));

        assertThat(named(engine, "known flow is counted on CPU 0").getTags()).extracting(t -> t.getName()).containsExactly("maps");
        assertThat(named(engine, "short frame passes").getTags()).isEmpty();
    }

    @Test
    void aMalformedFileIsStillAContainerSoThatItsErrorIsReported() {
        TestDescriptor engine = discover(selectClasspathResource("engine-cases/malformed.json"));

        assertThat(files(engine)).containsExactly("engine-cases.malformed");
        assertThat(named(engine, "engine-cases.malformed").getChildren()).isEmpty();
    }
}
