package org.ebpftest.junit;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** How error messages name classes, methods and lists: short, as a person reads them in a test report. */
final class Names {
    private Names() {
    }

    /** A class without its package, nested classes joined with dots: {@code FirewallTest.Ipv6}. */
    static String of(Class<?> type) {
        if (type.isArray()) {
            return of(type.getComponentType()) + "[]";
        }
        String name = type.getName();
        int dot = name.lastIndexOf('.');
        return name.substring(dot + 1).replace('$', '.');
    }

    /** A type as it appears in source, without packages: {@code TypedMap<Integer, Long>}. */
    static String of(Type type) {
        if (type instanceof Class<?> c) {
            return of(c);
        }
        return type.getTypeName().replaceAll("[\\w$]+\\.", "").replace('$', '.');
    }

    /** A method or constructor with its parameter types: {@code counts(BpfMap, VirtualClock)}. */
    static String of(Executable executable) {
        String name = executable instanceof Constructor<?> ? executable.getDeclaringClass().getSimpleName() : executable.getName();
        return name + Arrays.stream(executable.getParameterTypes()).map(Names::of).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Names in brackets, in order: {@code [flows, sizes]}. */
    static String list(Collection<String> names) {
        return names.stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
