package org.ebpftest.runtime.linux.maps;

import java.util.List;

/**
 * A map that programs write records to and user space consumes: ring buffers
 * ({@code bpf_ringbuf_output}, {@code bpf_ringbuf_submit}) and perf event arrays
 * ({@code bpf_perf_event_output}). Records are read in the order they were committed. Every
 * implementation is a {@link BpfMap}.
 */
public sealed interface RecordMap permits RingBufMap, PerfEventArrayMap {
    /** The map's name. */
    String name();

    /** Consumes the committed records, as a user-space reader does, and returns them oldest first. */
    List<MapRecord> drainRecords();

    /** The records {@link #drainRecords()} would return, without consuming them; the data arrays are copies. */
    List<MapRecord> pendingRecords();

    /** Consumes the committed records and returns their bytes, oldest first. */
    default List<byte[]> drain() {
        return drainRecords().stream().map(MapRecord::data).toList();
    }
}
