package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClangTest {

    @TempDir
    Path root;

    private Path first;
    private Path second;

    /** Two PATH directories with stand-in compilers that only answer --version. */
    @BeforeEach
    void fakeCompilers() throws Exception {
        first = Files.createDirectory(root.resolve("bin1"));
        second = Files.createDirectory(root.resolve("bin2"));
        fake(first.resolve("clang"), "Debian clang version 14.0.6");
        fake(first.resolve("clang-format"), "clang version 99.0.0 (a formatter, not a compiler)");
        fake(second.resolve("clang-19"), "Debian clang version 19.1.7 (3+b1)");
        fake(second.resolve("clang-16"), "Ubuntu clang version 16.0.6");
    }

    @Test
    void takesTheNewestClangOnThePathWhenNoneIsConfigured() {
        var clang = Clang.locate(null, first + File.pathSeparator + second);

        assertThat(clang).get().satisfies(found -> {
            assertThat(found.executable()).isEqualTo(second.resolve("clang-19"));
            assertThat(found.major()).isEqualTo(19);
            assertThat(found.version()).isEqualTo("Debian clang version 19.1.7 (3+b1)");
        });
    }

    @Test
    void looksUpAConfiguredNameOnThePath() {
        var clang = Clang.locate("clang", first + File.pathSeparator + second);

        assertThat(clang).get().extracting(Clang::major).isEqualTo(14);
    }

    @Test
    void usesAConfiguredPathAsItIs() {
        var clang = Clang.locate(second.resolve("clang-16").toString(), "");

        assertThat(clang).get().extracting(Clang::major).isEqualTo(16);
    }

    @Test
    void findsNothingWhereThereIsNoClang() {
        assertThat(Clang.locate(null, root.resolve("missing").toString())).isEmpty();
        assertThat(Clang.locate("clang-42", first + File.pathSeparator + second)).isEmpty();
        assertThat(Clang.locate(root.resolve("bin1/none").toString(), "")).isEmpty();
    }

    private static void fake(Path file, String versionLine) throws Exception {
        Files.writeString(file, "#!/bin/sh\necho '" + versionLine + "'\necho 'Target: x86_64-pc-linux-gnu'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
