package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed objects and their manifest must not depend on where the repository is checked out,
 * also when a module includes headers from a directory above it: otherwise every other checkout
 * finds them stale. Built with the real clang (skipped where there is none).
 */
class CheckoutIndependenceTest {

    private static final Optional<Clang> CLANG = Clang.locate(null, System.getenv("PATH"));

    @TempDir
    Path temp;

    private final List<String> log = new ArrayList<>();

    @Test
    void twoCheckoutsInDifferentDirectoriesWriteTheSameManifestAndObjects() throws Exception {
        assumeClang();
        // Given the same repository checked out twice, at different depths
        Path first = checkout(temp.resolve("first/repo"));
        Path second = checkout(temp.resolve("second/is/deeper/repo"));

        // When each builds its module, including the repository's include/ from above the module
        build(first, List.of(first.resolve("include")), false, () -> CLANG);
        build(second, List.of(second.resolve("include")), false, () -> CLANG);

        // Then the manifests are the same text, naming the include directory relative to the module
        String manifest = Files.readString(sources(first).resolve(BuildManifest.FILE_NAME));
        assertThat(Files.readString(sources(second).resolve(BuildManifest.FILE_NAME))).isEqualTo(manifest);
        assertThat(manifest)
                .contains("  flags -O2 -g -target bpf -I../include\n")
                .contains("  input ../include/verdict.h sha256:")
                .contains("  input src/main/bpf/pass.c sha256:")
                .doesNotContain(temp.toString());
        // and the objects are the same bytes, their debug info naming no checkout path
        byte[] object = Files.readAllBytes(sources(first).resolve("pass.o"));
        assertThat(sources(second).resolve("pass.o")).hasBinaryContent(object);
        assertThat(new String(object, StandardCharsets.ISO_8859_1)).doesNotContain(temp.toString());
    }

    @Test
    void aCheckoutCopiedElsewhereFindsItsCommittedObjectsUpToDateWithoutClang() throws Exception {
        assumeClang();
        // Given objects built and committed in one checkout
        Path first = checkout(temp.resolve("first/repo"));
        build(first, List.of(first.resolve("include")), false, () -> CLANG);
        // and the repository copied to another directory
        Path second = temp.resolve("elsewhere/repo");
        copy(first, second);
        log.clear();

        // When the copy builds without clang, with stale objects failing the build
        List<String> objects = build(second, List.of(second.resolve("include")), true, Optional::empty);

        // Then it uses the committed objects
        assertThat(objects).containsExactly("pass.o");
        assertThat(log).containsExactly("INFO No clang found on the PATH: using the 1 eBPF object(s) in"
                + " src/main/bpf, which ebpf-objects.manifest shows are up to date with their sources, headers and flags");
    }

    @Test
    void recordsAnIncludeDirectoryOutsideTheCheckoutByItsAbsolutePath() throws Exception {
        assumeClang();
        // Given a header in a directory of the machine rather than of the repository
        Path repo = checkout(temp.resolve("repo"));
        Path system = Files.createDirectories(temp.resolve("opt/bpf/include"));
        Files.move(repo.resolve("include/verdict.h"), system.resolve("verdict.h"));

        // When the module is built with that directory
        build(repo, List.of(system), false, () -> CLANG);

        // Then the manifest names it as every machine does: by its absolute path
        assertThat(Files.readString(sources(repo).resolve(BuildManifest.FILE_NAME)))
                .contains("  flags -O2 -g -target bpf -I" + system + "\n")
                .contains("  input " + system.resolve("verdict.h") + " sha256:");
    }

    /** A repository with include/verdict.h and a module whose pass.c includes it by name. */
    private static Path checkout(Path repo) throws IOException {
        Files.createDirectories(repo.resolve("include"));
        Files.writeString(repo.resolve("include/verdict.h"), "static inline int verdict(void) { return 2; }\n");
        Path sources = Files.createDirectories(sources(repo));
        Files.writeString(sources.resolve("pass.c"), """
                #include "verdict.h"
                __attribute__((section("xdp"), used)) int pass(void *ctx) { return verdict(); }
                """);
        return repo;
    }

    private static Path sources(Path repo) {
        return repo.resolve("module/src/main/bpf");
    }

    /** Builds the module with its objects committed next to the sources, as Maven's parameters give them. */
    private List<String> build(Path repo, List<Path> includeDirectories, boolean failOnStale,
            Supplier<Optional<Clang>> clang) throws BuildFailure {
        Path module = repo.resolve("module");
        BuildSettings settings = new BuildSettings(module, repo, sources(repo), List.of("**/*.c"), List.of(),
                sources(repo), module.resolve("target/classes"), module.resolve("target/ebpf-test"), null,
                System.getenv("PATH"), null, includeDirectories, List.of(), List.of(), failOnStale);
        return new EbpfBuild(settings, record, clang).run();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void assumeClang() {
        assumeThat(CLANG).as("clang on the PATH").isPresent();
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
