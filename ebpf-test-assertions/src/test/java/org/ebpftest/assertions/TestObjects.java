package org.ebpftest.assertions;

import java.nio.file.Path;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;

/** The runtime's compiled test objects ({@code ebpf-test-runtime/src/test/resources/elf}), each loaded fresh. */
final class TestObjects {

    private TestObjects() {
    }

    /** {@code globals.o}: an XDP program that counts into {@code .bss} and drops, printing why, frames over 100 bytes. */
    static LoadedObject globals() {
        return load("globals.o");
    }

    /** {@code maps.o}: a map of every kind, BTF-typed, and the XDP program {@code count} that updates them. */
    static LoadedObject maps() {
        return load("maps.o");
    }

    /** The runtime's committed test objects (C next to each .o), shared by every module's tests. */
    private static final Path SHARED_OBJECTS = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "elf");

    private static LoadedObject load(String name) {
        return LoadedObject.load(ObjectSpec.load(SHARED_OBJECTS.resolve(name)));
    }
}
