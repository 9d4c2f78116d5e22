package org.ebpftest.runtime.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel configuration {@code CONFIG_*} {@code __kconfig} externs read: the emulated Linux
 * 6.18's own ({@code kconfig-6.18.txt} beside this class, the configuration of the kernel the
 * emulator is checked against), with the values a test gives on top, as libbpf reads the values
 * passed in {@code bpf_object_open_opts.kconfig} before the running kernel's configuration.
 * Values are kept as they are written in a configuration file: {@code y}, {@code n}, {@code m},
 * a number, or a quoted string.
 */
final class KernelConfig {
    private static final String RESOURCE = "kconfig-6.18.txt";
    private static final Map<String, String> EMULATED = read();

    private final Map<String, String> given;

    KernelConfig(Map<String, String> given) {
        this.given = Map.copyOf(given);
    }

    /** The emulated kernel's configuration with nothing given. */
    static KernelConfig emulated() {
        return new KernelConfig(Map.of());
    }

    /** The value of option {@code name} ({@code CONFIG_...}), the given one first; empty when the option is not set. */
    Optional<String> value(String name) {
        String v = given.get(name);
        return Optional.ofNullable(v != null ? v : EMULATED.get(name));
    }

    /**
     * Checks a value a test gives for an option as libbpf checks a line of a configuration: the
     * name starts with {@code CONFIG_} and the value is not empty.
     *
     * @throws IllegalArgumentException naming the option otherwise
     */
    static void checkGiven(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!name.startsWith("CONFIG_")) {
            throw new IllegalArgumentException("kconfig option \"" + name + "\" must start with CONFIG_: libbpf takes only CONFIG_ options"
                    + " from a configuration (the LINUX_ values are its own)");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("kconfig option " + name + " has no value: give y, n, m, a number or a quoted string");
        }
    }

    private static Map<String, String> read() {
        Map<String, String> values = new HashMap<>();
        try (InputStream in = KernelConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the runtime's jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int eq = line.indexOf('=');
                if (line.startsWith("CONFIG_") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return Map.copyOf(values);
    }
}
