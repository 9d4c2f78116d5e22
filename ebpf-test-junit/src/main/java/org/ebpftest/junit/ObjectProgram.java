package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a program of a loaded {@link BpfObject} into a {@link BpfProgram} field or parameter.
 *
 * <pre>{@code
 * @ObjectProgram("xdp_fw") BpfProgram fw;
 * }</pre>
 *
 * <p>Without a name, the object must have exactly one program; a {@code BpfProgram} parameter
 * needs no annotation in that case.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(BpfObjectExtension.class)
public @interface ObjectProgram {
    /** The program's name (its C function name); empty for the object's only program. */
    String value() default "";

    /** The {@link BpfObject#name() name} of the object, needed when the class loads several. */
    String object() default "";

    /**
     * The type the program loads as ({@code "tc"}, {@code "xdp"}, {@code "socket"}, any bpftool
     * type name), for a section no convention types; by default the type its section gives it.
     * It applies when the object is loaded, so it is read from the fields and method parameters of
     * the class that declares the {@link BpfObject}; {@link BpfObject#programTypes()} says the same
     * for any class, and wins when both give a type.
     */
    String type() default "";
}
