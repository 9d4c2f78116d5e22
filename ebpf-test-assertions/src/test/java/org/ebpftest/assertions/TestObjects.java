package org.ebpftest.assertions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;

/** The compiled test objects under {@code src/test/resources/objects}, each loaded fresh. */
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

    private static LoadedObject load(String name) {
        try (InputStream in = TestObjects.class.getResourceAsStream("/objects/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test object " + name);
            }
            return LoadedObject.load(ObjectSpec.parse(name, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
