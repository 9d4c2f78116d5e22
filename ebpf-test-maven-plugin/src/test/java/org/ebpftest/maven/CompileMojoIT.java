package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The compile goal run by Maven: its parameters, its messages in Maven's log, its failures.
 *
 * <p>One Maven run over a reactor of three small projects (with {@code --fail-at-end}), because
 * each Maven start costs seconds: committed objects that are up to date, committed objects whose
 * header changed, and a source clang rejects. The run names a clang that does not exist, as on a
 * machine without one; the third project names the real clang in its pom, which wins over the
 * command line.
 */
class CompileMojoIT {

    private static final Optional<Clang> CLANG = Clang.locate(null, System.getenv("PATH"));

    private static final String CONFIGURATION = """
                      <objectDirectory>src/main/bpf</objectDirectory>
                      <mcpu>v3</mcpu>
                      <includeDirectories>
                        <includeDirectory>include</includeDirectory>
                        <includeDirectory>../shared</includeDirectory>
                      </includeDirectories>
                      <defines>
                        <define>VERDICT=2</define>
                      </defines>
                      <flags>
                        <flag>-Wall</flag>
                      </flags>
            """;

    @Test
    void usesUpToDateCommittedObjectsWithoutClangFailsOnStaleOnesAndReportsClangsMessages() throws Exception {
        assumeThat(CLANG).as("clang on the PATH").isPresent();
        // Given two projects with committed objects built by clang with the flags their poms set,
        // including a header the reactor's modules share (recorded relative to the module, or the
        // objects would be stale in this directory), one of them with a header changed since
        Path root = MavenRun.freshProject("compile");
        Files.writeString(root.resolve("pom.xml"), aggregator("upToDate", "stale", "diagnostics"));
        Files.createDirectories(root.resolve("shared"));
        Files.writeString(root.resolve("shared/sec.h"), "#define SEC(name) __attribute__((section(name), used))\n");
        Path upToDate = committedProject(root.resolve("upToDate"));
        Path stale = committedProject(root.resolve("stale"));
        Files.writeString(stale.resolve("include/verdict.h"), "static inline int verdict(void) { return 1; }\n");
        // and a project whose source has a warning and an error
        Path diagnostics = Files.createDirectories(root.resolve("diagnostics/src/main/bpf"));
        Files.writeString(root.resolve("diagnostics/pom.xml"), pom("diagnostics",
                "<clang>" + CLANG.get().executable() + "</clang><flags><flag>-Wall</flag></flags>"));
        Path broken = diagnostics.resolve("broken.c");
        Files.writeString(broken, """
                int helper(int x) { int unused; return x; }
                __attribute__((section("xdp"), used)) int broken(void *ctx) { return missing; }
                """);

        // When
        // (the goal by its coordinates: the aggregator names no plugin to resolve a prefix from)
        MavenRun run = MavenRun.in(root, "--fail-at-end", "-Debpftest.clang=/nonexistent/clang",
                "org.ebpftest:ebpf-test-maven-plugin:" + MavenRun.property("ebpftest.version") + ":compile");

        // Then the up-to-date objects are used, and the log says why no clang was needed
        assertThat(run.output()).contains("[INFO] The configured clang [/nonexistent/clang] was not found:"
                + " using the 1 eBPF object(s) in src/main/bpf, which ebpf-objects.manifest shows are up to date");
        assertThat(upToDate.resolve("target/classes/pass.o")).exists();
        // the stale object fails its build, naming the header
        assertThat(run.output()).contains("[ERROR]   src/main/bpf/pass.o: include/verdict.h changed");
        assertThat(stale.resolve("target/classes/pass.o")).doesNotExist();
        // and clang's messages are Maven's, with file and line
        assertThat(run.output())
                .contains("[WARNING] " + broken + ":[1,25] unused variable 'unused'")
                .contains("[ERROR] " + broken + ":[2,70] use of undeclared identifier 'missing'")
                .contains("clang could not compile broken.c (the errors are listed above)");
        assertThat(run.output()).containsPattern("all \\.+ SUCCESS")
                .containsPattern("upToDate \\.+ SUCCESS")
                .containsPattern("stale \\.+ FAILURE")
                .containsPattern("diagnostics \\.+ FAILURE");
    }

    /**
     * A project with pass.c including its include/verdict.h and the reactor's shared/sec.h, its
     * object built as its pom would build it.
     */
    private static Path committedProject(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("include"));
        Files.writeString(dir.resolve("pom.xml"), pom(dir.getFileName().toString(), CONFIGURATION));
        Files.writeString(dir.resolve("include/verdict.h"), "static inline int verdict(void) { return VERDICT; }\n");
        Path sources = Files.createDirectories(dir.resolve("src/main/bpf"));
        Files.writeString(sources.resolve("pass.c"), """
                #include "sec.h"
                #include "verdict.h"
                SEC("xdp") int pass(void *ctx) { return verdict(); }
                """);
        // Built here rather than by a first Maven run, to save a Maven start; the Maven run only
        // finds these objects up to date if the pom's parameters give the same flags.
        BuildSettings settings = new BuildSettings(dir, dir.getParent(), sources, List.of("**/*.c"), List.of(), sources,
                dir.resolve("target/prebuilt"), dir.resolve("target/ebpf-test"), null, System.getenv("PATH"), "v3",
                List.of(Path.of("include"), Path.of("../shared")), List.of("VERDICT=2"), List.of("-Wall"), false);
        new EbpfBuild(settings, new BuildLog() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void error(String message) {
            }
        }, () -> CLANG).run();
        assertThat(Files.readString(sources.resolve(BuildManifest.FILE_NAME)))
                .contains("  flags -O2 -g -target bpf -mcpu=v3 -Iinclude -I../shared -DVERDICT=2 -Wall\n")
                .contains("  input ../shared/sec.h sha256:")
                .contains("  input include/verdict.h sha256:");
        return dir;
    }

    private static String pom(String artifactId, String configuration) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.ebpftest</groupId>
                        <artifactId>ebpf-test-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                %s
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(artifactId, MavenRun.property("ebpftest.version"), configuration);
    }

    private static String aggregator(String... modules) {
        StringBuilder list = new StringBuilder();
        for (String module : modules) {
            list.append("    <module>").append(module).append("</module>\n");
        }
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>all</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <modules>
                %s  </modules>
                </project>
                """.formatted(list);
    }
}
