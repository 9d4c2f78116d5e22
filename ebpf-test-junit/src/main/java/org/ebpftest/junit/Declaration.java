package org.ebpftest.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.ebpftest.junit.BpfObject.Lifecycle;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.MemoryBudget;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * One {@link BpfObject} as a class declares it: where the object is, the name tests pick it by,
 * its lifecycle, its maps' memory budget when it sets one, the program types it gives explicitly,
 * whether its programs are verified at load, and the class the annotation was found on (class-path names resolve against its package).
 */
record Declaration(String location, String name, Lifecycle lifecycle, Class<?> declaringClass, OptionalLong memoryBudget,
        Optional<ProgramType> type, Map<String, ProgramType> programTypes, boolean verify) {

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
        String where = "@BpfObject [" + location + "] on [" + Names.of(declaringClass) + "]";
        Optional<ProgramType> type = annotation.type().isBlank() ? Optional.empty() : Optional.of(type(annotation.type(), where + " type"));
        Map<String, ProgramType> programTypes = new LinkedHashMap<>();
        for (String entry : annotation.programTypes()) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException(where + ": programTypes entry [" + entry + "] must be \"program=type\", such as \"tail_13=tc\"");
            }
            programTypes.put(entry.substring(0, eq).strip(), type(entry.substring(eq + 1), where + " programTypes [" + entry + "]"));
        }
        for (ObjectProgram program : programsDeclaredIn(declaringClass)) {
            boolean ours = program.object().isBlank() || program.object().strip().equals(name);
            if (ours && !program.type().isBlank() && !program.value().isBlank()) {
                programTypes.putIfAbsent(program.value().strip(), type(program.type(), where + " @ObjectProgram [" + program.value() + "] type"));
            }
        }
        return new Declaration(location, name, annotation.lifecycle(), declaringClass, budget, type, Map.copyOf(programTypes),
                annotation.verify());
    }

    /** The {@link ObjectProgram} annotations on a class's fields and method parameters. */
    private static List<ObjectProgram> programsDeclaredIn(Class<?> declaringClass) {
        List<ObjectProgram> out = new ArrayList<>();
        for (Field f : declaringClass.getDeclaredFields()) {
            AnnotationSupport.findAnnotation(f, ObjectProgram.class).ifPresent(out::add);
        }
        for (Method m : declaringClass.getDeclaredMethods()) {
            for (Parameter p : m.getParameters()) {
                AnnotationSupport.findAnnotation(p, ObjectProgram.class).ifPresent(out::add);
            }
        }
        return out;
    }

    private static ProgramType type(String name, String where) {
        try {
            return ProgramType.named(name);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The object with the types this declaration gives explicitly.
     *
     * @throws ExtensionConfigurationException listing the object's programs when a type names a program it does not have
     */
    ObjectSpec typed(ObjectSpec spec) {
        ObjectSpec out = type.map(spec::withProgramType).orElse(spec);
        for (Map.Entry<String, ProgramType> e : programTypes.entrySet()) {
            try {
                out = out.withProgramType(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ExtensionConfigurationException(describe() + " programTypes: " + ex.getMessage(), ex);
            }
        }
        return out;
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

    /** The file name a location ends in: {@code xdp_firewall.o} for {@code file:build/xdp_firewall.o}. */
    static String fileName(String location) {
        String path = FileLocator.withoutScheme(location);
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }
}
