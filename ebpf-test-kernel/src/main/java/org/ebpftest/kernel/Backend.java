package org.ebpftest.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where runs go: the emulator (the default), the running kernel, or both, compared. Chosen with
 * {@code ebpftest.backend=emulator|kernel|both} as a system property or, where no property is set,
 * an environment variable of that name or {@code EBPFTEST_BACKEND} (shells cannot export names
 * with dots).
 */
public enum Backend {
    /** The pure-Java emulator; runs anywhere. */
    EMULATOR,
    /** The running kernel through BPF_PROG_TEST_RUN; needs Linux and root (CAP_BPF). */
    KERNEL,
    /** Every run in the emulator and in the kernel, failing on any difference in return value, packet or maps. */
    BOTH;

    /** The system property and environment variable that choose the backend. */
    public static final String PROPERTY = "ebpftest.backend";
    /** The environment variable a shell can export. */
    public static final String ENVIRONMENT_VARIABLE = "EBPFTEST_BACKEND";

    /**
     * The backend this JVM was asked for: the system property, else the environment, else {@link #EMULATOR}.
     *
     * @throws IllegalArgumentException naming the setting and the choices when the value is none of them
     */
    public static Backend selected() {
        return selected(System::getProperty, System::getenv);
    }

    static Backend selected(Function<String, String> properties, Function<String, String> environment) {
        Optional<String> property = Optional.ofNullable(properties.apply(PROPERTY)).filter(v -> !v.isBlank());
        if (property.isPresent()) {
            return parse(property.get(), "system property " + PROPERTY);
        }
        Optional<String> env = Optional.ofNullable(environment.apply(PROPERTY)).filter(v -> !v.isBlank());
        if (env.isPresent()) {
            return parse(env.get(), "environment variable " + PROPERTY);
        }
        return Optional.ofNullable(environment.apply(ENVIRONMENT_VARIABLE)).filter(v -> !v.isBlank())
                .map(v -> parse(v, "environment variable " + ENVIRONMENT_VARIABLE)).orElse(EMULATOR);
    }

    /**
     * The backend of a name, case-insensitive.
     *
     * @param source where the name came from, for the message
     * @throws IllegalArgumentException naming the source and the choices
     */
    public static Backend parse(String name, String source) {
        for (Backend b : values()) {
            if (b.name().equalsIgnoreCase(name.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException(source + " is [" + name + "], but the backend is one of "
                + Arrays.stream(values()).map(Backend::toString).toList());
    }

    /** True for the backends that need the kernel. */
    public boolean needsKernel() {
        return this != EMULATOR;
    }

    /** The name as the setting spells it: {@code emulator}, {@code kernel}, {@code both}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
