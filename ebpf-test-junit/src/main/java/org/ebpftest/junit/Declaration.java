package org.ebpftest.junit;

import java.util.OptionalLong;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.runtime.linux.MemoryBudget;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One {@link BpfObject} as a class declares it: where the object is, the name tests pick it by,
 * its lifecycle, its maps' memory budget when it sets one, and the class the annotation was found
 * on (class-path names resolve against its package).
 */
record Declaration(String location, String name, Lifecycle lifecycle, Class<?> declaringClass, OptionalLong memoryBudget) {

    static Declaration of(BpfObject annotation, Class<?> declaringClass) {
        String location = annotation.value().strip();
        String name = annotation.name().isBlank() ? fileName(location) : annotation.name().strip();
        OptionalLong budget = OptionalLong.empty();
        if (!annotation.memoryBudget().isBlank()) {
            try {
                budget = OptionalLong.of(MemoryBudget.parse(annotation.memoryBudget()));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@BpfObject [" + location + "] on [" + Names.of(declaringClass)
                        + "]: " + e.getMessage(), e);
            }
        }
        return new Declaration(location, name, annotation.lifecycle(), declaringClass, budget);
    }

    /** How messages name the declaration: {@code @BpfObject [xdp_fw.o] on [FirewallTest]}. */
    String describe() {
        return "@BpfObject [" + location + "] on [" + Names.of(declaringClass) + "]";
    }

    /**
     * Reads the object's bytes by the rule of {@link FileLocator}.
     *
     * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException naming the declaration
     *     and every place looked, when the object is not there or cannot be read
     */
    FileLocator.Found read() {
        if (location.isEmpty()) {
            throw new ExtensionConfigurationException("@BpfObject on [" + Names.of(declaringClass)
                    + "] names no object; give a class-path resource or a file, such as @BpfObject(\"xdp_fw.o\")");
        }
        return FileLocator.one(describe(), declaringClass, location,
                "put the object in the test resources, or give a file with \"file:path/to/object.o\"");
    }

    private static String fileName(String location) {
        String path = FileLocator.withoutScheme(location);
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }
}
