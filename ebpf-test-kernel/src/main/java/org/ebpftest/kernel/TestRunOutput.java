package org.ebpftest.kernel;

import java.util.Optional;

/**
 * What BPF_PROG_TEST_RUN wrote back: the program's return value (the low 32 bits of r0), data_out,
 * ctx_out when a context was asked back, and the kernel's measured duration per run.
 *
 * @param retval the return value as the kernel reports it
 * @param dataOut data_out, as much of it as the kernel wrote
 * @param ctxOut ctx_out, or null when the run asked for none
 * @param durationNanos the kernel's average time per run, in nanoseconds
 */
public record TestRunOutput(int retval, byte[] dataOut, byte[] ctxOut, long durationNanos) {
    /** An output; the arrays are copied. */
    public TestRunOutput {
        dataOut = dataOut.clone();
        ctxOut = ctxOut == null ? null : ctxOut.clone();
    }

    @Override
    public byte[] dataOut() {
        return dataOut.clone();
    }

    /** ctx_out, if the run asked for one. */
    public Optional<byte[]> context() {
        return Optional.ofNullable(ctxOut).map(byte[]::clone);
    }

    @Override
    public byte[] ctxOut() {
        return ctxOut == null ? null : ctxOut.clone();
    }
}
