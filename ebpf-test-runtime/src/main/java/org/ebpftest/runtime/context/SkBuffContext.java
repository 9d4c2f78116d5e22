package org.ebpftest.runtime.context;

import java.util.Map;
import java.util.Optional;

/**
 * mimic's {@code sk_buff} context: a frame for a tc, socket-filter or cgroup-skb program, run
 * through the {@code __sk_buff} path as {@code bpftool prog run} would run it.
 *
 * @param name its name
 * @param source the file it came from
 * @param packet the frame from the Ethernet header on
 * @param ifindex {@code dev.ifIndex}: the device the buffer is on, 0 for test_run's loopback
 * @param sock the socket fields the file gives ({@code sock}), by mimic's names; the emulator
 *     does not model the socket of an {@code __sk_buff}, so a context with one does not run
 * @param flowKeys the flow-dissector keys the file gives ({@code flowKeys}); flow-dissector
 *     programs are not emulated, so a context with them does not run
 */
public record SkBuffContext(String name, String source, byte[] packet, int ifindex, Optional<Map<String, Object>> sock,
        Optional<Map<String, Object>> flowKeys) implements BpfContext {

    /** Copies the packet and the field maps in. */
    public SkBuffContext {
        packet = packet.clone();
        sock = sock.map(Map::copyOf);
        flowKeys = flowKeys.map(Map::copyOf);
    }

    @Override
    public String type() {
        return "sk_buff";
    }

    /** A copy of the frame. */
    @Override
    public byte[] packet() {
        return packet.clone();
    }
}
