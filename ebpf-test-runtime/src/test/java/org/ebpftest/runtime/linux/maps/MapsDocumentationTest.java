package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/** The table of supported map types in MAPS.md says exactly what {@link BpfMaps} creates. */
class MapsDocumentationTest {

    @Test
    void supportedTypesTableMatchesTheMapsTheEmulatorCreates() throws IOException {
        String doc = Files.readString(Path.of("MAPS.md"));
        String table = doc.substring(doc.indexOf("### Supported types"), doc.indexOf("###", doc.indexOf("### Supported types") + 3));
        Set<String> documented = new TreeSet<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = Pattern.compile("`([a-z_]+)`").matcher(line.substring(0, line.indexOf('|', 2)));
                while (m.find()) {
                    documented.add(m.group(1));
                }
            }
        }
        Set<String> supported = new TreeSet<>();
        for (MapType t : BpfMaps.supportedTypes()) {
            supported.add(t.name().toLowerCase(Locale.ROOT));
        }

        assertThat(documented).isEqualTo(supported);
    }
}
