package org.ebpftest.runtime.linux.buffers;

import java.util.Objects;

/**
 * Raw context bytes for a program of a type without an emulated context (a probe, a tracepoint, a
 * {@code syscall} program...): mapped writable at the context address and passed in r1, as
 * test_run's {@code ctx_in} is for such types. The run's final context is this memory after the
 * run; an empty context passes 0 in r1.
 *
 * @param context the context bytes
 */
public record RawInput(byte[] context) implements RunInput {
    /** An input; the bytes are copied. */
    public RawInput {
        context = Objects.requireNonNull(context, "context").clone();
    }

    @Override
    public byte[] context() {
        return context.clone();
    }
}
