package org.ebpftest.runtime.linux.maps;

/**
 * One sample written by {@code bpf_perf_event_output}.
 *
 * @param cpu the CPU whose perf buffer received it
 * @param data the sample bytes
 */
public record PerfRecord(int cpu, byte[] data) {
}
