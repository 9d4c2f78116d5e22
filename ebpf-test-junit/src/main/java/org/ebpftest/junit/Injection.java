package org.ebpftest.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.TypedMap;

/**
 * What to inject into one element, checked against the parsed object: which object, which part of
 * it, and for a typed map its codecs. Taking the value from a loaded instance cannot fail.
 */
record Injection(DeclaredObject object, Kind kind, String name, MapCodec<?> keys, MapCodec<?> values, Constructor<?> skeleton) {

    /** The part of a loaded object an element receives. */
    enum Kind {
        OBJECT, SPEC, ENVIRONMENT, CLOCK, PROGRAM, MAP, TYPED_MAP, SKELETON
    }

    static Injection of(DeclaredObject object, Kind kind) {
        return new Injection(object, kind, null, null, null, null);
    }

    static Injection named(DeclaredObject object, Kind kind, String name) {
        return new Injection(object, kind, name, null, null, null);
    }

    static Injection typedMap(DeclaredObject object, String name, MapCodec<?> keys, MapCodec<?> values) {
        return new Injection(object, Kind.TYPED_MAP, name, keys, values, null);
    }

    /** A generated skeleton, built by its public constructor from the loaded object. */
    static Injection skeleton(DeclaredObject object, Constructor<?> constructor) {
        return new Injection(object, Kind.SKELETON, null, null, null, constructor);
    }

    /** The value for the element, from an instance of the object. */
    Object valueIn(LoadedObject loaded) {
        return switch (kind) {
            case OBJECT -> loaded;
            case SPEC -> loaded.spec();
            case ENVIRONMENT -> loaded.environment();
            case CLOCK -> loaded.environment().clock();
            case PROGRAM -> BpfProgram.of(loaded, name);
            case MAP -> loaded.map(name);
            case TYPED_MAP -> typed(loaded.map(name), keys, values);
            case SKELETON -> construct(loaded);
        };
    }

    private Object construct(LoadedObject loaded) {
        try {
            return skeleton.newInstance(loaded);
        } catch (InvocationTargetException e) {
            // The skeleton checks its maps and globals against the object: a stale skeleton says so here.
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + skeleton.getDeclaringClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private static <K, V> TypedMap<K, V> typed(BpfMap map, MapCodec<K> keys, MapCodec<V> values) {
        return map.typed(keys, values);
    }
}
