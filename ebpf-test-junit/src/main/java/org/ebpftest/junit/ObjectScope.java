package org.ebpftest.junit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.ebpftest.runtime.linux.LoadedObject;

/**
 * The objects loaded for one test method or one test class, kept in that context's store so that
 * JUnit closes the scope when the method or class is done. Tests running in parallel never share
 * a per-method scope; a per-class scope is shared, so loading is atomic per object.
 */
final class ObjectScope implements AutoCloseable {
    private final ConcurrentHashMap<Declaration, LoadedObject> objects = new ConcurrentHashMap<>();

    /** The object loaded in this scope for a declaration, loading it on first use. */
    LoadedObject get(Declaration declaration, Supplier<LoadedObject> load) {
        return objects.computeIfAbsent(declaration, d -> load.get());
    }

    /** Drops the objects, so that nothing holds a finished test's maps, and releases their kernel twins. */
    @Override
    public void close() {
        objects.values().forEach(Backends::detach);
        objects.clear();
    }
}
