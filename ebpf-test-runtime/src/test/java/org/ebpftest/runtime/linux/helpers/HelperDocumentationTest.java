package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.LoadedObjectTest;
import org.junit.jupiter.api.Test;

/**
 * The helper table in LINUX.md lists exactly the helpers a loaded object's emulator answers (the
 * emulated ones and the map helpers), each under the name include/uapi/linux/bpf.h gives it.
 */
class HelperDocumentationTest {

    @Test
    void helperTableListsExactlyTheHelpersTheEmulatorAnswers() throws IOException {
        String doc = Files.readString(Path.of("LINUX.md"));
        String table = doc.substring(doc.indexOf("## Helpers"), doc.indexOf("\n## ", doc.indexOf("## Helpers") + 3));
        Map<Integer, String> documented = new TreeMap<>();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[1].strip().matches("\\d+")) {
                documented.put(Integer.parseInt(cells[1].strip()), cells[2].strip());
            }
        }
        LoadedObject object = LoadedObjectTest.load("globals.o");

        Map<Integer, String> answered = new TreeMap<>();
        for (HelperId id : object.emulator().helpers().ids()) {
            answered.put(id.id(), id.kernelName());
        }

        assertThat(documented).isEqualTo(answered);
    }
}
