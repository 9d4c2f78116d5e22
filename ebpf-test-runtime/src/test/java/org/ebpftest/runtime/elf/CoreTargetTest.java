package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.CoreTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the BTF CO-RE relocations resolve against, as libbpf's {@code btf_custom_path} does. */
class CoreTargetTest {
    @TempDir
    Path dir;

    private static long realParentOffset(ObjectSpec spec) {
        return TestObjects.at(spec.program("core_reads"), 4).imm();
    }

    @Test
    void resolvesAgainstABtfFileRawOrGzipped() throws IOException {
        // given core_target.o's BTF, another layout of core.o's types, written as a raw BTF file and gzipped
        byte[] btf = TestObjects.load("core_target.o").btf().orElseThrow().wireBytes();
        Path raw = Files.write(dir.resolve("target.btf"), btf);
        Path gz = dir.resolve("target.btf.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(btf);
        }

        // then core.o's relocations follow that layout from either file
        assertThat(realParentOffset(ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), CoreTarget.file(raw)))).isEqualTo(24);
        assertThat(realParentOffset(ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), CoreTarget.file(gz)))).isEqualTo(24);
    }

    @Test
    void namesTheTargetFileThatIsNoBtf() throws IOException {
        Path junk = Files.write(dir.resolve("junk.btf"), new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> ObjectSpec.parse("core.o", TestObjects.bytes("core.o"), CoreTarget.file(junk)))
                .isInstanceOf(MalformedObjectException.class).hasMessageContaining("target BTF " + junk).hasMessageContaining("bad BTF magic");
    }

    @Test
    void readsNoTargetForAnObjectWithoutCoreRelocations() {
        // given a target file that does not exist and an object without CO-RE relocations
        CoreTarget missing = CoreTarget.file(dir.resolve("missing.btf"));

        // then the object loads: the target is read only when a relocation needs it
        assertThat(ObjectSpec.parse("programs.o", TestObjects.bytes("programs.o"), missing).programs()).isNotEmpty();
    }

    @Test
    void letsASystemPropertyChooseTheDefaultTarget() {
        String before = System.getProperty(CoreTarget.PROPERTY);
        try {
            System.setProperty(CoreTarget.PROPERTY, "object");
            assertThat(realParentOffset(ObjectSpec.parse("core.o", TestObjects.bytes("core.o")))).as("the object's own layout").isEqualTo(16);
            System.setProperty(CoreTarget.PROPERTY, "kernel");
            assertThat(realParentOffset(ObjectSpec.parse("core.o", TestObjects.bytes("core.o")))).as("Linux 6.18's layout").isEqualTo(1280);
        } finally {
            if (before == null) {
                System.clearProperty(CoreTarget.PROPERTY);
            } else {
                System.setProperty(CoreTarget.PROPERTY, before);
            }
        }
    }
}
