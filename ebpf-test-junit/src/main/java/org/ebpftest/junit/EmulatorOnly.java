package org.ebpftest.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares that a test (or every test of a class) checks what only the emulator can answer, such
 * as the numbers a {@link RandomSeed} gives {@code bpf_get_prandom_u32}, a timestamp of the
 * virtual clock in a record, or captured replay. Under {@code ebpftest.backend=kernel} and
 * {@code both} the test is skipped with the reason given here, before it runs (under {@code both}
 * its runs could not be compared: the kernel's clock and random numbers are its own); under
 * {@code emulator} it runs.
 *
 * <pre>{@code
 * @Test
 * @EmulatorOnly("the seeded random numbers (@RandomSeed)")
 * void theSeedPicksTheSamePackets() { ... }
 * }</pre>
 *
 * <p>Most tests need no declaration: a run that needs a mocked helper or the clock the test set is
 * skipped by itself, and so is an assertion on what a kernel run does not report (helper calls,
 * printed lines, the redirect). This is for what the extension cannot see, such as an expected
 * value computed from the emulator's seed.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(KernelSkips.class)
public @interface EmulatorOnly {
    /** What the test needs that only the emulator has, as the skip message names it. */
    String value();
}
