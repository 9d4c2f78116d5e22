package org.ebpftest.runtime.linux.maps;

import java.util.OptionalInt;

/**
 * One record a program wrote to a {@link RecordMap}: a ring buffer sample or a perf event.
 *
 * @param data the record's bytes
 * @param cpu the CPU whose perf buffer received it; empty for ring buffers, which all CPUs share
 */
public record MapRecord(byte[] data, OptionalInt cpu) {
    /** A record of a ring buffer, which keeps no CPU. */
    public static MapRecord of(byte[] data) {
        return new MapRecord(data, OptionalInt.empty());
    }

    /** A record that reached the perf buffer of {@code cpu}. */
    public static MapRecord onCpu(int cpu, byte[] data) {
        return new MapRecord(data, OptionalInt.of(cpu));
    }
}
