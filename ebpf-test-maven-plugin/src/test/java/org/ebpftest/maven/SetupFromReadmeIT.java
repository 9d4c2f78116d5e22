package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it in your project" is a working project: its pom, C file and test, taken from
 * the README as they are, build and pass with nothing else.
 */
class SetupFromReadmeIT {

    private static final String SECTION = "## Use it in your project";

    @Test
    void theReadmesPomCFileAndTestBuildAndPassAsTheyAre() throws Exception {
        assumeThat(Clang.locate(null, System.getenv("PATH"))).as("clang on the PATH").isPresent();
        // Given a project made of exactly the README's three blocks
        String readme = Files.readString(Path.of(MavenRun.property("ebpftest.root"), "README.md"));
        String pom = block(readme, "```xml\n");
        assertThat(pom).as("the README's pom names the version being built")
                .contains("<ebpf-test.version>" + MavenRun.property("ebpftest.version") + "</ebpf-test.version>");
        Path project = MavenRun.freshProject("readme");
        Files.writeString(project.resolve("pom.xml"), pom);
        write(project.resolve("src/main/bpf/xdp_drop_udp.c"), block(readme, "```c\n"));
        write(project.resolve("src/test/java/com/example/DropUdpTest.java"), block(readme, "```java\n"));

        // When
        MavenRun run = MavenRun.in(project, "test");

        // Then the C was compiled, its skeleton generated, and both tests ran (not "Tests run: 0")
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("Compiling xdp_drop_udp.c (not built yet) with ")
                .contains("Generated 1 eBPF skeleton(s) in ")
                .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
        assertThat(project.resolve("target/classes/xdp_drop_udp.o")).exists();
        assertThat(project.resolve("target/generated-test-sources/ebpf-skeletons/com/example/XdpDropUdp.java")).exists();
    }

    /** The first block with this fence after the section heading, without the fences. */
    private static String block(String readme, String fence) {
        int section = readme.indexOf(SECTION);
        assertThat(section).as("README section " + SECTION).isNotNegative();
        int start = readme.indexOf(fence, section) + fence.length();
        return readme.substring(start, readme.indexOf("\n```", start) + 1);
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
