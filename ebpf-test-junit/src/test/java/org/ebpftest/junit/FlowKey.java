package org.ebpftest.junit;

/**
 * maps.c's {@code struct flow_key}. Public, because the runtime's record codec reads record
 * components through their accessors without making them accessible.
 */
public record FlowKey(int saddr, int daddr, short sport, short dport) {
}
