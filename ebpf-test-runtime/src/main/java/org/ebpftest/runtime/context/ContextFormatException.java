package org.ebpftest.runtime.context;

import org.ebpftest.runtime.EbpfException;

/**
 * A context file that is not valid: malformed JSON, an unknown context or memory type, a missing
 * or unknown property, bad base64, a reference to memory the context does not declare. The
 * message names the file, the JSON path, the line and column, and what was expected there:
 * {@code ctx.json: $[0].ctx.registers.r1 (line 6, column 19): register r1 names memory [xdp],
 * which the context does not declare; it declares [pkt, xdp_md]}.
 */
public final class ContextFormatException extends EbpfException {
    private static final long serialVersionUID = 1L;

    ContextFormatException(String message) {
        super(message);
    }

    ContextFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
