package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects JSON fixtures into a {@link BpfFixture} (one fixture) or a {@code List<BpfFixture>} field
 * or parameter: {@code @FixtureFile("fixtures/drop.json") BpfFixture drop}. The file is a class-path
 * resource from the root, or a glob in the file name ({@code "fixtures/*.json"}) for a list, as in
 * {@link FixtureSource}. A malformed file fails the test with the file, JSON path, line and column.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(InputFilesExtension.class)
public @interface FixtureFile {

    /** Class-path resource, or a glob in the file name for a list. */
    String value();

    /** For a single {@link BpfFixture} from a file that holds several: the fixture's {@code name}. */
    String name() default "";
}
