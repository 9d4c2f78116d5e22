package org.ebpftest.junit;

/** maps.c's {@code struct counters}; public for the same reason as {@link FlowKey}. */
public record Counters(long pkts, long bytes) {
}
