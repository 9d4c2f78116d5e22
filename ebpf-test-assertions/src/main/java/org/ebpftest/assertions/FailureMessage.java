package org.ebpftest.assertions;

import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The message of a failed assertion, made of finished text the way AssertJ's own {@code ShouldXxx}
 * messages are made: an assertion throws {@code assertionError(FailureMessage.of(text)))}, and AssertJ
 * puts the {@code as(...)} description in front, honours {@code overridingErrorMessage(...)} and
 * leaves its own and the assertion's frames out of the stack trace, so that it starts at the test.
 *
 * <p>The text is an unquoted argument, never the format itself: hex dumps and payloads may hold a
 * {@code %}. Like AssertJ's, messages start on a new line; it is {@code \n} rather than {@code %n}
 * so that they read the same on every platform.
 */
final class FailureMessage extends BasicErrorMessageFactory {

    private FailureMessage(String text) {
        super("\n%s", unquotedString(text));
    }

    /** A message that is {@code text}, after the description if the assertion has one. */
    static ErrorMessageFactory of(String text) {
        return new FailureMessage(text);
    }
}
