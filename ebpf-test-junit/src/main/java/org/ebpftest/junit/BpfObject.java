package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads an eBPF object file for the tests of a class, and lets them have its programs, maps and
 * environment injected into fields and parameters ({@link ObjectProgram @ObjectProgram}, {@link ObjectMap @ObjectMap},
 * {@link Loaded @Loaded}).
 *
 * <pre>{@code
 * @BpfObject("xdp_fw.o")
 * class FirewallTest {
 *     @ObjectProgram("xdp_fw") BpfProgram fw;
 *     @ObjectMap("drops") BpfMap drops;
 *
 *     @Test
 *     void dropsTelnet() {
 *         assertThat(fw.run(telnetFrame).retval()).isEqualTo(XDP_DROP);
 *     }
 * }
 * }</pre>
 *
 * <p>Every test method gets its own freshly loaded object, with empty maps and an environment at
 * its defaults, unless the object is declared with {@link Lifecycle#PER_CLASS}. {@code @Nested}
 * classes see the objects of their enclosing classes, and may declare more. The annotation is
 * repeatable, and may be used as a meta-annotation to name an object once for many test classes.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(BpfObjects.class)
@ExtendWith({BpfObjectExtension.class, GoldenExtension.class, KernelSkips.class})
public @interface BpfObject {
    /**
     * Where the object is, by the rule every file annotation follows (JUNIT.md, "Where files are
     * found"): {@code "x.o"} is a class-path resource looked up in the package of the class that
     * carries the annotation, then from the root of the class path; {@code "/x.o"} only from the
     * root; {@code "file:build/x.o"} is a file, a relative path resolving against the working
     * directory. {@code classpath:} in front of a class-path name changes nothing.
     */
    String value();

    /**
     * The name tests use to pick this object when a class loads several ({@code object} on
     * {@link ObjectProgram}, {@link ObjectMap} and {@link Loaded}); by default the file name, such as
     * {@code xdp_fw.o}.
     */
    String name() default "";

    /**
     * The type every program of the object loads as, as {@code tc filter ... bpf obj X.o} and
     * {@code bpftool prog loadall X.o DIR type T} give it: {@code "tc"}, {@code "xdp"},
     * {@code "socket"}, {@code "action"} or any bpftool type name ({@code "sched_cls"}). By default
     * each program has the type its section name gives it (LOADER.md, "Program types").
     */
    String type() default "";

    /**
     * Types for single programs, each {@code "program=type"} ({@code "tail_13=tc"}), for sections
     * no convention types or types otherwise than the object's loader did; they override {@link #type()}.
     */
    String[] programTypes() default {};

    /** How long one loaded instance of the object lives; by default, one test method. */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /**
     * How much memory the object's maps may take together, as bytes or a whole number of KiB, MiB
     * or GiB ({@code "512MiB"}); by default {@code LoadedObject}'s default budget of 1 GiB. A load
     * whose maps need more fails, naming every map and its size.
     */
    String memoryBudget() default "";

    /**
     * Whether loading verifies the programs as Linux's verifier does, refusing (with the kernel's
     * message, pc and C line) a program Linux would refuse to load; on by default, and off for
     * every object with the system property {@code ebpftest.verifier=off}. Turn it off only for a
     * program the verifier refuses that Linux loads, and please report that.
     */
    boolean verify() default true;

    /** How long a loaded object, and so the contents of its maps and its environment, lives. */
    enum Lifecycle {
        /**
         * Each test method (and each invocation of a repeated or parameterized test) loads the
         * object afresh; its {@code @BeforeEach} and {@code @AfterEach} methods see the same instance.
         */
        PER_METHOD,
        /**
         * The object is loaded once for the class that declares it, and its maps and environment
         * carry over from one test method to the next, also into {@code @Nested} classes. It can
         * be injected into {@code @BeforeAll} methods.
         */
        PER_CLASS
    }
}
