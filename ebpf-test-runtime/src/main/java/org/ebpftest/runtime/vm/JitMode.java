package org.ebpftest.runtime.vm;

import java.util.Locale;

/**
 * Whether a {@link Vm} runs programs compiled to JVM bytecode or interpreted. Results are the same
 * either way (return values, memory, instruction counts, trap messages); only speed differs.
 * Chosen per VM ({@link Vm.Builder#jit}); the default comes from the system property
 * {@value #PROPERTY} ({@code off}, {@code on} or {@code auto}; {@code auto} when unset).
 */
public enum JitMode {
    /** Always interpret. */
    OFF,
    /**
     * Compile every program before its first run. A program the compiler cannot take (see
     * {@link Program#jitFallbackReason()}) is interpreted.
     */
    ON,
    /**
     * Interpret first, and compile a program once it has executed {@link Vm#DEFAULT_JIT_THRESHOLD}
     * instructions (or the VM's own threshold), counted across runs. The switch happens where the
     * threshold is reached, in the middle of a run if need be: a long loop or a {@code bpf_loop}
     * with millions of callbacks continues compiled from its next loop head or callback.
     */
    AUTO;

    /** The system property that sets the default mode. */
    public static final String PROPERTY = "ebpftest.jit";

    /** The mode the system property {@value #PROPERTY} asks for; {@link #AUTO} when it is unset. */
    public static JitMode fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * Reads {@code off}, {@code on} or {@code auto} (any case); null or blank is {@link #AUTO}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static JitMode parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "on" -> ON;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException(PROPERTY + " must be off, on or auto, was [" + text + "]");
        };
    }
}
