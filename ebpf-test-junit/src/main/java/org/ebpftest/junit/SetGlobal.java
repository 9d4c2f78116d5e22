package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sets a global variable of a {@link BpfObject} before it is loaded, as a libbpf skeleton sets
 * {@code skel->rodata->burst = 8} before {@code __load}: {@code const volatile} configuration in
 * {@code .rodata} (before the load freezes it), or a starting value in {@code .data},
 * {@code .bss} and their {@code .data.*}/{@code .rodata.*} relatives.
 *
 * <pre>{@code
 * @BpfObject("xdp_ratelimit.o")
 * @SetGlobal(name = "rate_per_sec", value = "100")      // every test of the class
 * class RateLimiterTest {
 *     @Test
 *     @SetGlobal(name = "burst", value = "8")           // this test only, on top of the class's
 *     void aBurstOfEightPasses(BpfProgram limiter) { ... }
 *
 *     @Test
 *     @SetGlobal(name = "label", bytes = "636f726500000000")
 *     @SetGlobal(section = ".rodata", offset = 4, bytes = "08000000")   // objects without BTF
 *     void ...
 * }
 * }</pre>
 *
 * <p>Give the variable by {@link #name()} (its BTF name) or by {@link #section()} and
 * {@link #offset()}, and its value as a {@link #value()} (a number, checked against the variable's
 * integer type) or as {@link #bytes()} (hex, exactly the variable's size). On a class, it applies to
 * every test; on a method, to that test, after the class's (so a method may change what the class
 * set). An object loaded once per class ({@link BpfObject.Lifecycle#PER_CLASS}) takes only the
 * settings of the class that declares it. Mistakes fail the test with a message naming the
 * annotation, the variable, its section and what exists instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(SetGlobals.class)
@ExtendWith(BpfObjectExtension.class)
public @interface SetGlobal {
    /** The variable's name in the object's BTF, such as {@code burst}. */
    String name() default "";

    /**
     * The value as a number: decimal ({@code 8}, {@code -1}) or hex ({@code 0x10}); it must fit
     * the variable's integer, enum or bool type.
     */
    String value() default "";

    /** The value as hex bytes in the object's byte order ({@code 0800}), exactly the variable's size. */
    String bytes() default "";

    /** With {@link #offset()}, a global-data section to write {@link #bytes()} into, instead of a name. */
    String section() default "";

    /** The byte offset in {@link #section()}. */
    int offset() default -1;

    /** The {@link BpfObject#name() name} of the object, needed when the class loads several. */
    String object() default "";
}
