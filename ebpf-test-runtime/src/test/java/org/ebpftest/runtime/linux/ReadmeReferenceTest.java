package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.junit.jupiter.api.Test;

/**
 * The README's reference tables (program types, maps, helpers) say exactly what the code does: a
 * helper added to the emulator, or a map type, fails this test until the README lists it.
 */
class ReadmeReferenceTest {
    private static final Pattern BACKTICKED = Pattern.compile("`([A-Za-z0-9_]+)`");

    private static String section(String heading) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("\n" + heading + "\n");
        assertThat(start).as("README section " + heading).isNotNegative();
        int end = readme.indexOf("\n#", start + heading.length() + 2);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static Set<String> backticked(String text, String matching) {
        Set<String> names = new TreeSet<>();
        Matcher m = BACKTICKED.matcher(text);
        while (m.find()) {
            if (m.group(1).matches(matching)) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void helperTableListsExactlyTheHelpersTheEmulatorAnswers() throws Exception {
        Set<String> answered = new TreeSet<>();
        for (HelperId id : LoadedObjectTest.load("globals.o").emulator().helpers().ids()) {
            answered.add(id.kernelName());
        }

        assertThat(backticked(section("### Helpers"), "bpf_\\w+")).isEqualTo(answered);
    }

    @Test
    void mapTableListsExactlyTheEmulatedTypes() throws IOException {
        Set<String> emulated = new TreeSet<>();
        for (MapType type : BpfMaps.supportedTypes()) {
            emulated.add(type.name().toLowerCase(Locale.ROOT));
        }

        assertThat(backticked(section("### Maps"), "[a-z_]+")).isEqualTo(emulated);
    }

    @Test
    void programTypeTableNamesEveryTypeWithAContextOfItsOwn() throws IOException {
        Set<ProgramType> withContext = EnumSet.noneOf(ProgramType.class);
        for (ProgramType type : ProgramType.values()) {
            if (ContextType.of(type) != ContextType.GENERIC) {
                withContext.add(type);
            }
        }
        Set<ProgramType> listedWithContext = EnumSet.noneOf(ProgramType.class);
        for (String row : section("### Program types").split("\n")) {
            if (row.startsWith("| `") && !row.startsWith("| every other")) {
                String types = row.split("\\|")[1];
                backticked(types, "[A-Z_]+").forEach(name -> listedWithContext.add(ProgramType.valueOf(name)));
            }
        }

        assertThat(listedWithContext).isEqualTo(withContext);
    }
}
