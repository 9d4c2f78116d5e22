package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ebpftest.cli.Cli.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skeleton}: writes the generated class under the output root, in its package. */
class SkeletonCommandTest {
    private static final String OBJECT = Cli.object("globals.o");

    @TempDir
    Path out;

    @Test
    void writesTheSkeletonUnderTheOutputRootInItsPackageAndPrintsThePath() throws Exception {
        Outcome o = Cli.run("skeleton", OBJECT, "--package", "com.example.bpf", "--output", out.toString());

        Path file = out.resolve("com/example/bpf/Globals.java");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo(file + System.lineSeparator());
        assertThat(Files.readString(file)).startsWith("package com.example.bpf;")
                .contains("@Skeleton.Of(\"globals.o\")")
                .contains("public final class Globals implements Skeleton");
    }

    @Test
    void leavesAnUnchangedFileAloneAndSaysSo() {
        Cli.run("skeleton", OBJECT, "--output", out.toString());

        Outcome again = Cli.run("skeleton", OBJECT, "--output", out.toString());

        assertThat(again.status()).isZero();
        assertThat(again.out()).isEqualTo(out.resolve("Globals.java") + " (unchanged)" + System.lineSeparator());
    }

    @Test
    void recordsTheNameTestsLoadTheObjectBy() throws Exception {
        Outcome o = Cli.run("skeleton", OBJECT, "--name", "net/globals.o", "--output", out.toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(Files.readString(out.resolve("Globals.java"))).contains("@Skeleton.Of(\"net/globals.o\")");
    }

    @Test
    void aPackageThatIsNotAJavaNameFailsWithOneLine() {
        Outcome o = Cli.run("skeleton", OBJECT, "--package", "com.example-bpf", "--output", out.toString());

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("skeleton: skeleton package [com.example-bpf] is not a Java package name, such as com.example.bpf"
                + System.lineSeparator());
    }

    @Test
    void missingObjectIsAUsageError() {
        Outcome o = Cli.run("skeleton");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("usage: java -jar ebpf-test.jar skeleton OBJECT.o");
    }
}
