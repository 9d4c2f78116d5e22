package org.ebpftest.junit;

import org.ebpftest.runtime.EbpfException;

/**
 * A fixture file that is not valid: malformed JSON, a property of the wrong kind, a missing or
 * unknown property. The message names the file, the JSON path, the line and column, and what was
 * expected there.
 */
public final class FixtureFormatException extends EbpfException {
    private static final long serialVersionUID = 1L;

    FixtureFormatException(String message) {
        super(message);
    }

    FixtureFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
