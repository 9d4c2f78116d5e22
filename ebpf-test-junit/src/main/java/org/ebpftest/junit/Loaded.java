package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a loaded {@link BpfObject}, or a part of it, into a field or parameter, chosen by the
 * element's type:
 * <ul>
 *   <li>{@link org.ebpftest.runtime.linux.LoadedObject LoadedObject}: the object itself, to run
 *       programs and reach maps by name;</li>
 *   <li>{@link org.ebpftest.runtime.linux.LinuxEnvironment LinuxEnvironment}: its environment
 *       (CPUs, helper mocks, devices, randomness);</li>
 *   <li>{@link org.ebpftest.runtime.linux.VirtualClock VirtualClock}: its environment's clock;</li>
 *   <li>{@link org.ebpftest.runtime.elf.ObjectSpec ObjectSpec}: the parsed file.</li>
 * </ul>
 *
 * <p>Fields need the annotation; parameters of these types are injected without it, unless the
 * class loads several objects and {@link #object()} must say which.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(BpfObjectExtension.class)
public @interface Loaded {
    /** The {@link BpfObject#name() name} of the object, needed when the class loads several. */
    String object() default "";
}
