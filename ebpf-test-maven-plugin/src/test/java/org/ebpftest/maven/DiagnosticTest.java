package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

    private static final Path SOURCES = Path.of("/project/src/main/bpf");

    @Test
    void readsErrorsAndWarningsWithTheirFileLineAndColumn() {
        // Given what clang prints with -fno-caret-diagnostics for a header warning and a source error
        String output = """
                In file included from xdp.c:3:
                ./net/parse.h:7:10: warning: unused variable 'x' [-Wunused-variable]
                xdp.c:12:5: error: use of undeclared identifier 'foo'
                1 warning and 1 error generated.
                """;

        // When
        List<Diagnostic> diagnostics = Diagnostic.parse(output, SOURCES);

        // Then the include stack and the summary are dropped, paths resolve against the source directory
        assertThat(diagnostics).containsExactly(
                new Diagnostic(Optional.of(SOURCES.resolve("net/parse.h")), 7, 10, Diagnostic.Severity.WARNING,
                        "unused variable 'x' [-Wunused-variable]"),
                new Diagnostic(Optional.of(SOURCES.resolve("xdp.c")), 12, 5, Diagnostic.Severity.ERROR,
                        "use of undeclared identifier 'foo'"));
    }

    @Test
    void formatsLikeMavensCompilerPluginSoTerminalsLinkTheLine() {
        Diagnostic error = Diagnostic.parse("xdp.c:12:5: error: expected ';'", SOURCES).get(0);

        assertThat(error.format()).isEqualTo("/project/src/main/bpf/xdp.c:[12,5] expected ';'");
    }

    @Test
    void readsFatalErrorsAndMessagesAboutTheCommandLine() {
        String output = """
                xdp.c:1:10: fatal error: 'bpf/bpf_helpers.h' file not found
                clang-14: error: unknown argument: '-mfoo'
                """;

        List<Diagnostic> diagnostics = Diagnostic.parse(output, SOURCES);

        assertThat(diagnostics).extracting(Diagnostic::severity)
                .containsExactly(Diagnostic.Severity.ERROR, Diagnostic.Severity.ERROR);
        assertThat(diagnostics.get(1).file()).isEmpty();
        assertThat(diagnostics.get(1).format()).isEqualTo("clang: unknown argument: '-mfoo'");
    }
}
