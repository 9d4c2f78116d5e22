package org.ebpftest.runtime.elf;

import java.util.Objects;

/**
 * Which rule gave a program its type: a row of libbpf's section table, cilium/ebpf's prefix
 * matching of that table, iproute2's one type for a whole object, a type given explicitly at load,
 * or nothing. The CLI's {@code programs} command prints it and load errors about a program's type
 * name it, so a surprising type can be traced to the rule behind it.
 *
 * @param origin the loader whose convention applied
 * @param detail the section pattern that matched ({@code xdp}, {@code kprobe+}), or for
 *     {@link Origin#IPROUTE2} the program whose type the object shares; empty otherwise
 */
public record TypeRule(Origin origin, String detail) {

    /** The convention behind a type. */
    public enum Origin {
        /** libbpf 1.x's strict section names ({@code SEC("xdp")}, {@code SEC("kprobe/do_exit")}). */
        LIBBPF("libbpf"),
        /** cilium/ebpf's prefix matching: {@code socket1}, {@code xdp_sample}, {@code tc/test/x}. */
        CILIUM_EBPF("cilium/ebpf"),
        /**
         * iproute2's rule: {@code tc filter ... bpf obj X.o} and {@code ip link ... xdp obj X.o}
         * load every section of the object, tail calls included, with the type the command gives;
         * a section no convention types takes the one type the object's typed programs share.
         */
        IPROUTE2("iproute2"),
        /** Given at load: a loader option, an annotation, a fixture's {@code type} key or {@code --type}. */
        EXPLICIT("explicit"),
        /** No rule types the section: the program loads as {@link ProgramType#UNSPEC} and runs on raw context bytes. */
        NONE("none");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** The short name printed for it: {@code libbpf}, {@code cilium/ebpf}, {@code iproute2}, {@code explicit}, {@code none}. */
        public String label() {
            return label;
        }
    }

    /** The rule for a type given explicitly. */
    public static final TypeRule EXPLICIT = new TypeRule(Origin.EXPLICIT, "");

    /** The rule for a section no convention types. */
    public static final TypeRule NONE = new TypeRule(Origin.NONE, "");

    /** Checks the fields. */
    public TypeRule {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * A short description: {@code libbpf SEC("xdp")}, {@code cilium/ebpf prefix "tc"},
     * {@code iproute2 (object type of tc_entry)}, {@code explicit}, {@code none}.
     */
    @Override
    public String toString() {
        return switch (origin) {
            case LIBBPF -> "libbpf SEC(\"" + detail + "\")";
            case CILIUM_EBPF -> "cilium/ebpf prefix \"" + detail + "\"";
            case IPROUTE2 -> "iproute2 (object type of " + detail + ")";
            default -> origin.label();
        };
    }
}
