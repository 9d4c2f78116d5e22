package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Seeds {@code bpf_get_prandom_u32} in the environment of every object a test sees, so that a
 * test can pin the random numbers its programs draw. Without it, environments start from
 * {@link org.ebpftest.runtime.linux.LinuxEnvironment#DEFAULT_SEED}, so runs are reproducible
 * anyway; the annotation chooses another sequence.
 *
 * <p>On a class, it seeds each object when it is loaded. On a method, it seeds the objects the
 * method sees before it starts, {@link BpfObject.Lifecycle#PER_CLASS shared} ones included, and
 * takes precedence over the class's seed.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface RandomSeed {
    /** The seed. */
    long value();
}
