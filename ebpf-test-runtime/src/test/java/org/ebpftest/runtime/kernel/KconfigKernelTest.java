package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kconfig_values.c: {@code __kconfig} externs of every type libbpf fills (integer, hexadecimal
 * integer, bool, tristate, char, string, libbpf's LINUX_ values) read what libbpf gives them on
 * Linux 6.18, from the emulated kernel's configuration or from values the test gives.
 */
class KconfigKernelTest {
    private static final List<String> OPTIONS = List.of("CONFIG_HZ", "CONFIG_PHYSICAL_START", "CONFIG_BPF_SYSCALL",
            "CONFIG_NF_CONNTRACK", "CONFIG_BPF_JIT", "CONFIG_DEFAULT_HOSTNAME");

    private static byte[] object() throws IOException {
        try (InputStream in = KconfigKernelTest.class.getResourceAsStream("/elf/kconfig_values.o")) {
            return in.readAllBytes();
        }
    }

    private static ObjectSpec spec() throws IOException {
        return ObjectSpec.parse("kconfig_values.o", object());
    }

    private static long run(LoadedObject object, String program) {
        return object.run(program, XdpInput.of(new byte[64])).retval() & 0xffffffffL;
    }

    @Test
    void readsTheEmulatedKernelsConfigurationByTheExternsType() throws IOException {
        LoadedObject object = LoadedObject.load(spec());

        assertThat(run(object, "hz")).isEqualTo(250);                      // CONFIG_HZ=250 into an int
        assertThat(run(object, "physical_start_high")).isEqualTo(0x1000);   // CONFIG_PHYSICAL_START=0x1000000 into a u64
        assertThat(run(object, "tristate")).isEqualTo(1);                   // CONFIG_NF_CONNTRACK=y: TRI_YES
        assertThat(run(object, "jit_char")).isEqualTo('y');                // CONFIG_BPF_JIT=y into a char: the letter
        assertThat(run(object, "hostname")).isEqualTo(0x6e6f6e28L);         // CONFIG_DEFAULT_HOSTNAME="(none)": "(non"
        // CONFIG_BPF_SYSCALL and libbpf's LINUX_HAS_BPF_COOKIE and LINUX_HAS_SYSCALL_WRAPPER are true;
        // the option not set and the unknown LINUX_ value, both __weak, read 0
        assertThat(run(object, "flags")).isEqualTo(0b00111);
    }

    @Test
    void takesTheValuesATestGivesInPlaceOfTheEmulatedKernels() throws IOException {
        LoadedObject object = LoadedObject.loader(spec())
                .kconfig("CONFIG_HZ", "1000")
                .kconfig("CONFIG_PHYSICAL_START", "0x200000")
                .kconfig("CONFIG_NF_CONNTRACK", "m")
                .kconfig("CONFIG_BPF_JIT", "n")
                .kconfig("CONFIG_DEFAULT_HOSTNAME", "\"abcdefghijk\"")
                .kconfig("CONFIG_BPF_SYSCALL", "n")
                .kconfig("CONFIG_EBPF_TEST_ABSENT", "y")
                .load();

        assertThat(run(object, "hz")).isEqualTo(1000);
        assertThat(run(object, "physical_start_high")).isEqualTo(0x200);
        assertThat(run(object, "tristate")).isEqualTo(2);                   // a module: TRI_MODULE
        assertThat(run(object, "jit_char")).isEqualTo('n');
        assertThat(run(object, "hostname")).isEqualTo(0x64636261L);         // cut to the array's 8 bytes, "abcd" first
        assertThat(run(object, "flags")).isEqualTo(0b01110);
    }

    @Test
    void refusesAValueTheExternsTypeCannotHoldAsLibbpfDoes() throws IOException {
        assertThatThrownBy(() -> LoadedObject.loader(spec()).kconfig("CONFIG_BPF_SYSCALL", "m").load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("kconfig value CONFIG_BPF_SYSCALL: value m is a module, which a bool cannot hold");
        assertThatThrownBy(() -> LoadedObject.loader(spec()).kconfig("CONFIG_HZ", "\"fast\"").load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("kconfig value CONFIG_HZ: value \"fast\" is a string, which needs a char array extern");
        assertThatThrownBy(() -> LoadedObject.loader(spec()).kconfig("CONFIG_HZ", "0x100000000").load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("kconfig value CONFIG_HZ: value 4294967296 does not fit its 4 bytes");
        assertThatThrownBy(() -> LoadedObject.loader(spec()).kconfig("CONFIG_HZ", "fast").load())
                .isInstanceOf(InvalidProgramException.class)
                .hasMessageContaining("value fast is not an integer");
        assertThatThrownBy(() -> LoadedObject.loader(spec()).kconfig("LINUX_HAS_BPF_COOKIE", "n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with CONFIG_");
    }

    @Test
    @Tag("kernel")
    void readsWhatTheKernelsLibbpfGivesForThisMachinesConfiguration() throws Exception {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
        Path config = Path.of("/proc/config.gz");
        assumeTrue(Files.isReadable(config), "kernel comparison skipped: /proc/config.gz is not readable");
        // given the emulator loads the object with this machine's values of the options it reads
        Map<String, String> machine = readConfig(config);
        LoadedObject.Loader loader = LoadedObject.loader(spec());
        for (String option : OPTIONS) {
            if (machine.containsKey(option)) {
                loader.kconfig(option, machine.get(option));
            }
        }
        LoadedObject emulated = loader.load();
        try (KernelOracle kernel = KernelOracle.load(object(), "kconfig_values")) {
            for (String program : List.of("hz", "physical_start_high", "tristate", "jit_char", "hostname", "flags")) {
                long expected = kernel.run(program, new byte[64]).returnValue();
                // libbpf learns LINUX_HAS_SYSCALL_WRAPPER (bit 2) through a kprobe: on a kernel built
                // without kprobes it reads 0 there, though x86-64 has the wrappers; the emulator says 1
                long mask = program.equals("flags") && !"y".equals(machine.get("CONFIG_KPROBES")) ? ~0b100L : ~0L;
                assertThat(run(emulated, program) & mask).as(program).isEqualTo(expected & mask);
            }
        }
    }

    private static Map<String, String> readConfig(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int eq = line.indexOf('=');
                if (line.startsWith("CONFIG_") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return values;
    }
}
