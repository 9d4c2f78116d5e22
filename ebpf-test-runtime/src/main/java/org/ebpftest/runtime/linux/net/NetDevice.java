package org.ebpftest.runtime.linux.net;

import java.util.Objects;

/**
 * A network interface of the emulated machine: what {@code ifindex} values in contexts, redirects
 * and route lookups refer to.
 *
 * @param ifindex the interface index (1 is the loopback device)
 * @param name the interface name, such as {@code eth0}
 * @param mac the 6-byte hardware address
 * @param mtu the MTU, which {@code bpf_check_mtu} checks against
 * @param rxQueues the number of receive queues, which bounds {@code xdp_md.rx_queue_index}
 */
public record NetDevice(int ifindex, String name, byte[] mac, int mtu, int rxQueues) {
    /** The loopback device test_run attaches packets to: ifindex 1, all-zero address, MTU 65536. */
    public static final NetDevice LOOPBACK = new NetDevice(1, "lo", new byte[6], 65536, 1);

    /** A device; the address is copied. */
    public NetDevice {
        Objects.requireNonNull(name, "name");
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex must be positive, was " + ifindex);
        }
        if (mac.length != 6) {
            throw new IllegalArgumentException("mac must have 6 bytes, had " + mac.length);
        }
        if (rxQueues <= 0) {
            throw new IllegalArgumentException("a device needs at least one receive queue");
        }
        mac = mac.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }
}
