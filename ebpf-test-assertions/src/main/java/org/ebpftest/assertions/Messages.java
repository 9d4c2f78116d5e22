package org.ebpftest.assertions;

import org.assertj.core.api.AssertionInfo;
import org.assertj.core.description.Description;
import org.assertj.core.error.DescriptionFormatter;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.internal.Failures;
import org.assertj.core.presentation.Representation;

/**
 * Builds assertion errors from finished message text, honouring {@code as(...)} descriptions and
 * {@code overridingErrorMessage(...)} like AssertJ's own assertions.
 *
 * <p>AssertJ's {@code failWithMessage} treats its text as a format string; hex dumps and payloads
 * may hold a {@code %}, so messages here never go through a formatter.
 */
final class Messages {

    private Messages() {
    }

    /** An error with {@code message}, prefixed by the assertion's description if it has one. */
    static AssertionError failure(AssertionInfo info, String message) {
        return Failures.instance().failure(info, new Text(message));
    }

    /** Like {@link #failure(AssertionInfo, String)}, also carrying both values so that IDEs can show a diff. */
    static AssertionError failure(AssertionInfo info, String message, Object actual, Object expected) {
        return Failures.instance().failure(info, new Text(message), actual, expected);
    }

    private static final class Text implements ErrorMessageFactory {
        private final String message;

        Text(String message) {
            this.message = message;
        }

        @Override
        public String create(Description description, Representation representation) {
            return DescriptionFormatter.instance().format(description) + message;
        }

        @Override
        public String create(Description description) {
            return create(description, null);
        }

        @Override
        public String create() {
            return message;
        }
    }
}
