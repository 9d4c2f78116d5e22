package org.ebpftest.runtime.skeleton;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.ebpftest.runtime.linux.LoadedObject;

/**
 * A typed front of one loaded object, generated from its BTF by ebpf-test's skeleton generator (the
 * Maven plugin's {@code generate} goal, the CLI's {@code skeleton} command): its programs as
 * {@link ProgramHandle}s, its maps as {@link org.ebpftest.runtime.linux.maps.TypedMap}s of generated
 * records, its global variables as {@link GlobalVariable}s, its ring buffers and perf event arrays
 * as {@link TypedRecords}.
 *
 * <p>Every skeleton class carries {@link Of} naming its object and has a public constructor taking
 * the {@link LoadedObject}; that is how the JUnit extension recognises and builds one for a field of
 * its type. Closing a skeleton closes its object ({@link LoadedObject#close()}), so a skeleton a
 * test loads itself fits a try-with-resources block.
 */
public interface Skeleton extends AutoCloseable {
    /** The loaded object this skeleton fronts, for everything the skeleton does not type. */
    LoadedObject object();

    /** Closes the loaded object this skeleton fronts. */
    @Override
    default void close() {
        object().close();
    }

    /** Names the object file a skeleton class was generated from, as {@code @BpfObject} names it. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Of {
        /** The object's file name, such as {@code xdp_firewall.o} (with its subdirectory, if it had one). */
        String value();
    }
}
