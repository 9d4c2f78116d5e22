package org.ebpftest.runtime;

/**
 * Input bytes that cannot be read as what they claim to be: a truncated or corrupted ELF object,
 * bytecode whose length is not a multiple of eight, a two-slot instruction cut in half.
 * The message reads like a path from the file to the fault, such as
 * {@code xdp_fw.o: section ".rel.xdp": relocation 3: symbol "flows" not found}.
 */
public class MalformedObjectException extends EbpfException {
    private static final long serialVersionUID = 1L;

    /** An error whose message names where in the input the fault is. */
    public MalformedObjectException(String message) {
        super(message);
    }

    /** An error whose message names where in the input the fault is, with its cause. */
    public MalformedObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
