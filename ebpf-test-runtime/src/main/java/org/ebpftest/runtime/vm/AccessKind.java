package org.ebpftest.runtime.vm;

/** What a checked memory access does, which decides the rules it must pass and how a fault names it. */
enum AccessKind {
    /** A read: every mapped byte may be read, unless a guard says otherwise. */
    LOAD("load"),
    /** A write: the region must be writable. */
    STORE("store"),
    /** A read-modify-write: writable, naturally aligned, and never on a guarded region. */
    ATOMIC("atomic");

    private final String word;

    AccessKind(String word) {
        this.word = word;
    }

    /** How fault messages name the access, as in {@code out-of-bounds load of 4 bytes}. */
    String word() {
        return word;
    }
}
