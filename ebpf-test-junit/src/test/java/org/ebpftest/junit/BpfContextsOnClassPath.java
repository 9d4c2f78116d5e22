package org.ebpftest.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.Contexts;

/** Reads one context of a class-path context file, for tests that run it directly. */
final class BpfContextsOnClassPath {
    private BpfContextsOnClassPath() {
    }

    static BpfContext named(String resource, String name) {
        try (InputStream in = BpfContextsOnClassPath.class.getClassLoader().getResourceAsStream(resource)) {
            return Contexts.parse(resource, in.readAllBytes()).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
