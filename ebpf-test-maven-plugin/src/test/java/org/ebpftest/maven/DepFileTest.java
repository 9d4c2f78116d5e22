package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DepFileTest {

    @Test
    void listsTheSourceAndHeadersAcrossContinuedLinesWithEscapedSpaces() {
        // Given a rule as clang -MMD writes it, continued over lines, with a space in one name
        String rule = "/tmp/out/xdp.o: xdp.c net/parse.h \\\n  ../include/my\\ types.h\n";

        // When
        var files = DepFile.prerequisites(rule, Path.of("/p/src/main/bpf"));

        // Then each resolves against clang's working directory
        assertThat(files).containsExactly(
                Path.of("/p/src/main/bpf/xdp.c"),
                Path.of("/p/src/main/bpf/net/parse.h"),
                Path.of("/p/src/main/include/my types.h"));
    }
}
