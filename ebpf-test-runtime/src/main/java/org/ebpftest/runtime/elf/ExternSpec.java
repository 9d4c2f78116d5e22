package org.ebpftest.runtime.elf;

import java.util.Objects;

/**
 * A symbol an object uses but does not define, which libbpf resolves against the running kernel
 * when it loads the object: a kernel function ({@code __ksym} function, a kfunc), a kernel variable
 * ({@code __ksym} variable) or a kernel configuration value ({@code __kconfig}). Programs refer to
 * an extern by its index in {@link ObjectSpec#externs()}: a kfunc call carries it in imm, and a
 * {@code lddw} of a variable is a {@code BPF_PSEUDO_BTF_ID} load with it in imm.
 *
 * @param name the symbol's name
 * @param kind what the symbol is
 * @param weak whether it is declared {@code __weak}: libbpf lets a weak extern stay unresolved (zero)
 * @param size the variable's size in bytes from BTF (0 for functions, or when the object has no BTF)
 */
public record ExternSpec(String name, Kind kind, boolean weak, int size) {
    /** What an extern symbol names. */
    public enum Kind {
        /** A kernel function called as a kfunc. */
        KFUNC,
        /** A kernel variable whose address the program loads ({@code __ksym}). */
        KSYM,
        /** A kernel configuration value ({@code __kconfig}): {@code LINUX_KERNEL_VERSION}, {@code CONFIG_*}. */
        KCONFIG
    }

    /** Checks the name and kind. */
    public ExternSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case KFUNC -> "kfunc";
            case KSYM -> "kernel variable";
            case KCONFIG -> "kconfig value";
        };
        return what + " " + name + (weak ? " (weak)" : "");
    }
}
