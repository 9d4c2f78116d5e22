package org.ebpftest.junit;

import org.ebpftest.runtime.elf.ObjectSpec;

/** A declaration with its object parsed: enough to check injections before anything is loaded. */
record DeclaredObject(Declaration declaration, ObjectSpec spec) {

    String name() {
        return declaration.name();
    }
}
