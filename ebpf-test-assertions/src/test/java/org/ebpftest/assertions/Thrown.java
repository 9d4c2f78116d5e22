package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What a failing assertion reports, for pinning its message. */
final class Thrown {

    private Thrown() {
    }

    /** The message of the assertion error {@code call} throws, without the leading line break AssertJ messages have. */
    static String message(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("what the assertion threw").isInstanceOf(AssertionError.class);
        String message = thrown.getMessage();
        return message.startsWith("\n") ? message.substring(1) : message;
    }

    /** The first line of {@link #message}: the expectation, without the packet summary after it. */
    static String headline(ThrowingCallable call) {
        String message = message(call);
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
