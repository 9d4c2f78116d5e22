package org.ebpftest.junit.engine;

import org.ebpftest.runtime.EbpfException;

/** A case file whose object is missing or is not a valid eBPF object; it fails the file's container. */
final class CaseFileException extends EbpfException {
    private static final long serialVersionUID = 1L;

    CaseFileException(String message) {
        super(message);
    }

    CaseFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
