package org.ebpftest.junit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.ebpftest.runtime.linux.LoadedObject;

/**
 * The objects loaded for one test method or one test class, kept in that context's store so that
 * JUnit closes the scope when the method or class is done, and the scope closes its objects. Tests
 * running in parallel never share a per-method scope; a per-class scope is shared, so loading is
 * atomic per object.
 */
final class ObjectScope implements AutoCloseable {
    private final ConcurrentHashMap<Declaration, LoadedObject> objects = new ConcurrentHashMap<>();

    /** The object loaded in this scope for a declaration, loading it on first use. */
    LoadedObject get(Declaration declaration, Supplier<LoadedObject> load) {
        return objects.computeIfAbsent(declaration, d -> load.get());
    }

    /**
     * Releases the objects' kernel twins and closes the objects, as a process that exits closes its
     * descriptors: their armed timers never fire afterwards, their maps are freed, and a reference a
     * test kept past its scope fails on use with "object X.o is closed".
     */
    @Override
    public void close() {
        objects.values().forEach(Backends::detach);
        objects.values().forEach(LoadedObject::close);
        objects.clear();
    }
}
