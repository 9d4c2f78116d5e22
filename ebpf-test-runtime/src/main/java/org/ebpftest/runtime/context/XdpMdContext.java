package org.ebpftest.runtime.context;

/**
 * mimic's {@code xdp_md} context: a frame and the receive queue it came in on, run through the
 * XDP path as {@code bpftool prog run} would run it.
 *
 * @param name its name
 * @param source the file it came from
 * @param packet the frame from the Ethernet header on
 * @param headroom mimic's headroom before the frame; runs take test_run's layout, so only 0 runs
 * @param tailroom mimic's tailroom after the frame; only 0 runs
 * @param ingressIfindex {@code ingress_ifidx}: the receiving device, 0 for test_run's loopback
 * @param rxQueueIndex {@code rx_queue_idx}
 * @param egressIfindex {@code egress_ifidx}; test_run refuses anything but 0
 */
public record XdpMdContext(String name, String source, byte[] packet, int headroom, int tailroom, int ingressIfindex, int rxQueueIndex,
        int egressIfindex) implements BpfContext {

    /** Copies the packet in. */
    public XdpMdContext {
        packet = packet.clone();
    }

    @Override
    public String type() {
        return "xdp_md";
    }

    /** A copy of the frame. */
    @Override
    public byte[] packet() {
        return packet.clone();
    }
}
