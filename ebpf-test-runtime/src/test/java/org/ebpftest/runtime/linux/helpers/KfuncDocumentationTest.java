package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The kfunc table in LINUX.md lists exactly the kfuncs the emulator answers. */
class KfuncDocumentationTest {

    @Test
    void kfuncTableListsExactlyTheEmulatedKfuncs() throws IOException {
        String doc = Files.readString(Path.of("LINUX.md"));
        int start = doc.indexOf("## Kfuncs");
        String table = doc.substring(start, doc.indexOf("\n## ", start + 3));
        Set<String> documented = new TreeSet<>();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[1].strip().startsWith("bpf_")) {
                documented.add(cells[1].strip());
            }
        }

        assertThat(documented).isEqualTo(new TreeSet<>(Kfuncs.names()));
    }
}
