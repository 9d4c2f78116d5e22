package org.ebpftest.junit;

import org.ebpftest.junit.BpfObject.Lifecycle;

/**
 * One {@link BpfObject} as a class declares it: where the object is, the name tests pick it by,
 * its lifecycle, and the class the annotation was found on (class-path names resolve against its
 * package).
 */
record Declaration(String location, String name, Lifecycle lifecycle, Class<?> declaringClass) {

    static Declaration of(BpfObject annotation, Class<?> declaringClass) {
        String location = annotation.value().strip();
        String name = annotation.name().isBlank() ? fileName(location) : annotation.name().strip();
        return new Declaration(location, name, annotation.lifecycle(), declaringClass);
    }

    /** How messages name the declaration: {@code @BpfObject [xdp_fw.o] on [FirewallTest]}. */
    String describe() {
        return "@BpfObject [" + location + "] on [" + Names.of(declaringClass) + "]";
    }

    private static String fileName(String location) {
        String path = ObjectLocator.withoutScheme(location);
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }
}
