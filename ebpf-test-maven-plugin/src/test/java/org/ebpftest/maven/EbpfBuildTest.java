package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds small projects with the real clang (skipped where there is none) or with none at all. */
class EbpfBuildTest {

    private static final Optional<Clang> CLANG = Clang.locate(null, System.getenv("PATH"));

    @TempDir
    Path project;

    private Path sources;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void writeSources() throws Exception {
        sources = Files.createDirectories(project.resolve("src/main/bpf"));
        Files.createDirectories(sources.resolve("net"));
        Files.writeString(sources.resolve("common.h"), "#define VERDICT 2\n");
        Files.writeString(sources.resolve("pass.c"), """
                #include "common.h"
                __attribute__((section("xdp"), used)) int pass(void *ctx) { return VERDICT; }
                """);
        Files.writeString(sources.resolve("net/drop.c"), """
                __attribute__((section("xdp"), used)) int drop(void *ctx) { return 1; }
                """);
    }

    @Test
    void compilesEverySourceOntoTheClassPathAndRecordsItsHeaders() throws Exception {
        assumeClang();

        List<String> objects = build(settings(List.of(), target("bpf"))).run();

        assertThat(objects).containsExactly("net/drop.o", "pass.o");
        assertThat(project.resolve("target/classes/pass.o")).exists();
        assertThat(project.resolve("target/classes/net/drop.o")).exists();
        // An ELF object for BPF (EM_BPF = 247 at offset 18)
        assertThat(Files.readAllBytes(project.resolve("target/classes/pass.o"))[18] & 0xff).isEqualTo(247);
        String manifest = Files.readString(project.resolve("target/bpf/" + BuildManifest.FILE_NAME));
        assertThat(manifest)
                .contains("object pass.o sha256:")
                .contains("  flags -O2 -g -target bpf -Wall\n")
                .contains("  input src/main/bpf/common.h sha256:")
                .contains("  input src/main/bpf/pass.c sha256:")
                .doesNotContain(project.toString());
    }

    @Test
    void compilesNothingTheSecondTime() throws Exception {
        assumeClang();
        build(settings(List.of(), target("bpf"))).run();
        log.clear();

        build(settings(List.of(), target("bpf"))).run();

        assertThat(log).containsExactly(
                "INFO Using 2 eBPF object(s) in target/bpf, which ebpf-objects.manifest shows are up to date with"
                        + " their sources, headers and flags");
    }

    @Test
    void recompilesOnlyTheObjectsThatIncludeAChangedHeader() throws Exception {
        assumeClang();
        build(settings(List.of(), target("bpf"))).run();
        log.clear();
        Files.writeString(sources.resolve("common.h"), "#define VERDICT 1\n");

        build(settings(List.of(), target("bpf"))).run();

        assertThat(log).hasSize(1).first().asString()
                .startsWith("INFO Compiling pass.c (src/main/bpf/common.h changed) with ");
    }

    @Test
    void recompilesEverythingWhenTheFlagsChange() throws Exception {
        assumeClang();
        build(settings(List.of(), target("bpf"))).run();
        log.clear();

        build(settings(List.of("DEBUG=1"), target("bpf"))).run();

        assertThat(log).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("(flags changed from [-O2 -g -target bpf -Wall] to [-O2 -g -target bpf -DDEBUG=1 -Wall])"));
    }

    @Test
    void reportsClangErrorsAndWarningsWithFileAndLine() throws Exception {
        assumeClang();
        Files.writeString(sources.resolve("net/drop.c"), """
                int unused_helper(int x) { int y; return x; }
                __attribute__((section("xdp"), used)) int drop(void *ctx) { return missing; }
                """);

        assertThatThrownBy(() -> build(settings(List.of(), target("bpf"))).run())
                .isInstanceOf(BuildFailure.class)
                .hasMessage("clang could not compile net/drop.c (the errors are listed above)");

        Path file = sources.resolve("net/drop.c");
        assertThat(log).contains("ERROR " + file + ":[2,68] use of undeclared identifier 'missing'");
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("WARN " + file + ":[1,32] unused variable 'y'"));
        // The good source was still compiled and recorded, so fixing the bad one compiles only it.
        assertThat(Files.readString(project.resolve("target/bpf/" + BuildManifest.FILE_NAME))).contains("object pass.o");
    }

    @Test
    void withoutClangUsesCommittedObjectsTheManifestShowsUpToDate() throws Exception {
        assumeClang();
        build(settings(List.of(), sources)).run();
        log.clear();

        List<String> objects = new EbpfBuild(settings(List.of(), sources), record, Optional::empty).run();

        assertThat(objects).containsExactly("net/drop.o", "pass.o");
        assertThat(project.resolve("target/classes/net/drop.o")).exists();
        assertThat(log).containsExactly("INFO No clang found on the PATH: using the 2 eBPF object(s) in src/main/bpf,"
                + " which ebpf-objects.manifest shows are up to date with their sources, headers and flags");
    }

    @Test
    void withoutClangFailsOnACommittedObjectWhoseHeaderChanged() throws Exception {
        assumeClang();
        build(settings(List.of(), sources)).run();
        Files.writeString(sources.resolve("common.h"), "#define VERDICT 1\n");

        assertThatThrownBy(() -> new EbpfBuild(settings(List.of(), sources), record, Optional::empty).run())
                .isInstanceOf(BuildFailure.class)
                .hasMessageStartingWith("No clang found on the PATH, and these eBPF objects need compiling:\n"
                        + "  src/main/bpf/pass.o: src/main/bpf/common.h changed\n"
                        + "Install clang and the libbpf headers (Debian/Ubuntu: apt-get install clang libbpf-dev;")
                .hasMessageNotContaining("A machine without clang can still build");
    }

    @Test
    void withoutClangFailsOnACommittedObjectChangedByHand() throws Exception {
        assumeClang();
        build(settings(List.of(), sources)).run();
        Files.write(sources.resolve("pass.o"), new byte[] {0x7f, 'E', 'L', 'F'});

        assertThatThrownBy(() -> new EbpfBuild(settings(List.of(), sources), record, Optional::empty).run())
                .hasMessageContaining("  src/main/bpf/pass.o: the object differs from the one recorded");
    }

    @Test
    void rebuildingACommittedObjectSaysToCommitIt() throws Exception {
        assumeClang();
        build(settings(List.of(), sources)).run();
        log.clear();
        Files.writeString(sources.resolve("common.h"), "#define VERDICT 1\n");

        build(settings(List.of(), sources)).run();

        assertThat(log).hasSize(2).last().isEqualTo("WARN Rebuilt src/main/bpf/pass.o: commit it together with"
                + " ebpf-objects.manifest");
    }

    @Test
    void failOnStaleRejectsAStaleCommittedObjectEvenWithClang() throws Exception {
        assumeClang();
        build(settings(List.of(), sources)).run();
        Files.writeString(sources.resolve("net/drop.c"), "int changed;\n");
        byte[] before = Files.readAllBytes(sources.resolve("net/drop.o"));

        assertThatThrownBy(() -> build(settings(List.of(), sources, true)).run())
                .isInstanceOf(BuildFailure.class)
                .hasMessage("These eBPF objects are stale, and ebpftest.failOnStale is set:\n"
                        + "  src/main/bpf/net/drop.o: src/main/bpf/net/drop.c changed\n"
                        + "Rebuild them with clang (a build without ebpftest.failOnStale does) and commit them together"
                        + " with src/main/bpf/ebpf-objects.manifest.");
        assertThat(sources.resolve("net/drop.o")).hasBinaryContent(before);
    }

    @Test
    void withoutClangAndWithoutObjectsSaysHowToGetClang() {
        BuildSettings defaults = settings(List.of(), target("bpf"));
        BuildSettings withClang14 = new BuildSettings(project, project, sources, defaults.includes(), defaults.excludes(),
                defaults.objectDirectory(), defaults.outputDirectory(), defaults.workDirectory(), "clang-14",
                project.resolve("no-bin").toString(), null, List.of(), List.of(), List.of(), false);

        assertThatThrownBy(() -> new EbpfBuild(withClang14, record).run())
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining("The configured clang [clang-14] was not found, and these eBPF objects need compiling:\n"
                        + "  target/bpf/net/drop.o: not built yet\n"
                        + "  target/bpf/pass.o: not built yet\n")
                .hasMessageContaining("apt-get install clang libbpf-dev")
                .hasMessageContaining("<objectDirectory>src/main/bpf</objectDirectory>");
    }

    private static void assumeClang() {
        assumeThat(CLANG).as("clang on the PATH").isPresent();
    }

    private Path target(String name) {
        return project.resolve("target").resolve(name);
    }

    private BuildSettings settings(List<String> defines, Path objectDirectory) {
        return settings(defines, objectDirectory, false);
    }

    private BuildSettings settings(List<String> defines, Path objectDirectory, boolean failOnStale) {
        return new BuildSettings(project, project, sources, List.of("**/*.c"), List.of(), objectDirectory,
                project.resolve("target/classes"), project.resolve("target/ebpf-test"), null,
                System.getenv("PATH"), null, List.of(), defines, List.of("-Wall"), failOnStale);
    }

    private EbpfBuild build(BuildSettings settings) {
        return new EbpfBuild(settings, record, () -> CLANG);
    }

    private final BuildLog record = new BuildLog() {
        @Override
        public void info(String message) {
            log.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            log.add("WARN " + message);
        }

        @Override
        public void error(String message) {
            log.add("ERROR " + message);
        }
    };

}
