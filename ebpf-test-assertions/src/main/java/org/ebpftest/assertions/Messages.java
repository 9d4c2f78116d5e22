package org.ebpftest.assertions;

import java.util.Arrays;
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
 * may hold a {@code %}, so messages here never go through a formatter. Like AssertJ's, messages
 * start on a new line, and the stack trace starts at the test's call rather than in this package's
 * assertion classes, which is where soft-assertion reports point.
 */
final class Messages {

    private Messages() {
    }

    /** An error with {@code message}, prefixed by the assertion's description if it has one. */
    static AssertionError failure(AssertionInfo info, String message) {
        return fromTest(Failures.instance().failure(info, new Text(message)));
    }

    /** Like {@link #failure(AssertionInfo, String)}, also carrying both values so that IDEs can show a diff. */
    static AssertionError failure(AssertionInfo info, String message, Object actual, Object expected) {
        return fromTest(Failures.instance().failure(info, new Text(message), actual, expected));
    }

    private static AssertionError fromTest(AssertionError error) {
        StackTraceElement[] trace = error.getStackTrace();
        int first = 0;
        while (first < trace.length && isAssertionInternal(trace[first].getClassName())) {
            first++;
        }
        if (first < trace.length) {
            error.setStackTrace(Arrays.copyOfRange(trace, first, trace.length));
        }
        return error;
    }

    /** This package's assertion classes, their soft-assertion proxies (nested classes) and helpers. */
    private static boolean isAssertionInternal(String className) {
        String prefix = Messages.class.getPackageName() + ".";
        if (!className.startsWith(prefix) || className.indexOf('.', prefix.length()) >= 0) {
            return false;
        }
        String simple = className.substring(prefix.length());
        int nested = simple.indexOf('$');
        String outer = nested < 0 ? simple : simple.substring(0, nested);
        return outer.endsWith("Assert") || outer.equals("Messages") || outer.equals("NestedAsserts")
                || outer.equals("EbpfSoftAssertionsProvider");
    }

    private static final class Text implements ErrorMessageFactory {
        private final String message;

        Text(String message) {
            this.message = message;
        }

        @Override
        public String create(Description description, Representation representation) {
            return DescriptionFormatter.instance().format(description) + "\n" + message;
        }

        @Override
        public String create(Description description) {
            return create(description, null);
        }

        @Override
        public String create() {
            return "\n" + message;
        }
    }
}
