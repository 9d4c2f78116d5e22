package org.ebpftest.assertions;

import java.util.function.Consumer;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.StandardSoftAssertionsProvider;

/**
 * Soft assertions on packets, return codes, runs and maps, together with all of AssertJ's standard ones:
 * every failure is collected and {@link #assertAll()} reports them together.
 *
 * <pre>{@code
 * EbpfSoftAssertions.assertSoftly(softly -> {
 *     softly.assertThatReturnCode(r0, ReturnCodes.XDP).isXdpTx();
 *     softly.assertThatFrame(frame).ipv4().hasTtl(63).and().udp().hasDestinationPort(53);
 * });
 * }</pre>
 *
 * <p>With JUnit 5, AssertJ's {@code SoftAssertionsExtension} injects one into a field or parameter
 * annotated {@code @InjectSoftAssertions} and calls {@code assertAll()} after each test.
 */
// Extends AbstractSoftAssertions, not SoftAssertions: its static assertSoftly(Consumer<SoftAssertions>) would
// overload ours and make every lambda passed to EbpfSoftAssertions.assertSoftly ambiguous.
public class EbpfSoftAssertions extends AbstractSoftAssertions
        implements StandardSoftAssertionsProvider, EbpfSoftAssertionsProvider {

    /** Creates an empty collector of failures. */
    public EbpfSoftAssertions() {
    }

    /** Runs {@code assertions} on a new instance, then fails with every failure they collected. */
    public static void assertSoftly(Consumer<EbpfSoftAssertions> assertions) {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();
        assertions.accept(softly);
        softly.assertAll();
    }
}
