package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildManifestTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWroteWithNamesThatContainSpaces() throws Exception {
        // Given
        BuildManifest manifest = BuildManifest.empty();
        manifest.put("net/my prog.o", new BuildManifest.Entry("sha256:aa", "Debian clang version 14.0.6",
                "-O2 -g -target bpf -DX=1", new TreeMap<>(Map.of("src/main/bpf/net/my prog.c", "sha256:bb",
                        "src/main/bpf/common.h", "sha256:cc"))));
        manifest.write(dir);

        // When
        BuildManifest read = BuildManifest.read(dir);

        // Then
        assertThat(read.text()).isEqualTo(manifest.text());
        assertThat(read.entry("net/my prog.o")).get().satisfies(entry -> {
            assertThat(entry.flags()).isEqualTo("-O2 -g -target bpf -DX=1");
            assertThat(entry.inputs()).containsEntry("src/main/bpf/common.h", "sha256:cc");
        });
    }

    @Test
    void isEmptyWhenNothingWasBuiltYet() throws Exception {
        assertThat(BuildManifest.read(dir).objects()).isEmpty();
    }

    @Test
    void namesTheLineItCannotRead() throws Exception {
        Files.writeString(dir.resolve(BuildManifest.FILE_NAME), "object a.o sha256:aa\n  linker ld\n");

        assertThatThrownBy(() -> BuildManifest.read(dir))
                .isInstanceOf(BuildFailure.class)
                .hasMessageContaining(BuildManifest.FILE_NAME + ":2: not a manifest line: '  linker ld'");
    }
}
