package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects mimic/edb context files into a {@link org.ebpftest.runtime.context.BpfContext} (one
 * context) or a {@code List<BpfContext>} field or parameter:
 * {@code @ContextFile("captured/burst.json") List<BpfContext> burst}. The file, or a glob in the
 * file name for a list, is found by the rule every file annotation follows (JUNIT.md, "Where files
 * are found"): a name is a class-path resource looked up in the package of the class that carries
 * the annotation, then from the root of the class path; {@code "/name"} is looked up only from the
 * root; {@code "file:path"} is a file, a relative path resolving against the working directory. A
 * malformed file fails the test with the file, JSON path, line and column.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(InputFilesExtension.class)
public @interface ContextFile {

    /** The file, or a glob in the file name for a list. */
    String value();

    /** For a single context from a file that holds several: the context's {@code name}. */
    String name() default "";
}
