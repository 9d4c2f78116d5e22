package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The layers a builder chain has declared so far, outermost first, and the payload. Building
 * encodes them from the inside out, so each header knows the length of everything it carries.
 */
final class Draft {

    /** Encodes one header in front of the bytes it carries. */
    @FunctionalInterface
    interface Encoder {
        byte[] encode(byte[] inner, Draft draft, int index);
    }

    /**
     * One declared header.
     *
     * @param name builder method name, for error messages
     * @param etherType how Ethernet, VLAN, GRE and GENEVE announce this header, or -1
     * @param ipProtocol how IPv4 and IPv6 announce this header, or -1
     * @param encoder writes the header
     * @param source for IP headers, the source address that pseudo-headers of inner layers use
     * @param destination for IP headers, the destination address
     */
    record Spec(String name, int etherType, int ipProtocol, Encoder encoder,
                Supplier<IpAddress> source, Supplier<IpAddress> destination) {

        Spec(String name, int etherType, int ipProtocol, Encoder encoder) {
            this(name, etherType, ipProtocol, encoder, null, null);
        }
    }

    private final boolean startsWithEthernet;
    private final List<Spec> specs = new ArrayList<>();
    private byte[] payload = new byte[0];

    Draft(boolean startsWithEthernet) {
        this.startsWithEthernet = startsWithEthernet;
    }

    boolean startsWithEthernet() {
        return startsWithEthernet;
    }

    /** Appends a header, which must directly follow {@code after} (null for the first header). */
    Spec add(Spec after, Spec spec) {
        Spec last = specs.isEmpty() ? null : specs.get(specs.size() - 1);
        if (last != after) {
            throw new IllegalStateException("cannot add " + spec.name() + "() after " + after.name()
                    + "(): it already carries " + specs.get(specs.indexOf(after) + 1).name()
                    + "(); start a new chain from Packets for another packet");
        }
        specs.add(spec);
        return spec;
    }

    void payload(byte[] bytes) {
        this.payload = bytes.clone();
    }

    /** The header after {@code index}, or null if the payload follows. */
    Spec next(int index) {
        return index + 1 < specs.size() ? specs.get(index + 1) : null;
    }

    /** The EtherType announcing the header after {@code index}, or {@code fallback} if none. */
    int nextEtherType(int index, int fallback) {
        Spec next = next(index);
        return next == null || next.etherType() < 0 ? fallback : next.etherType();
    }

    /** The IP protocol announcing the header after {@code index}, or {@code fallback} if none. */
    int nextIpProtocol(int index, int fallback) {
        Spec next = next(index);
        return next == null || next.ipProtocol() < 0 ? fallback : next.ipProtocol();
    }

    /** The nearest IP header before {@code index}, whose addresses the pseudo-header uses. */
    Spec enclosingIp(int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (specs.get(i).source() != null) {
                return specs.get(i);
            }
        }
        throw new IllegalStateException(specs.get(index).name() + "() needs an enclosing IP header for its checksum");
    }

    /** The transport checksum of {@code segment} (checksum field at {@code checksumOffset}) under the enclosing IP header. */
    int transportChecksum(int index, int protocol, byte[] segment, int checksumOffset) {
        Spec ip = enclosingIp(index);
        return InternetChecksum.transportChecksum(ip.source().get().bytes(), ip.destination().get().bytes(), protocol,
                segment, 0, segment.length, checksumOffset);
    }

    byte[] build() {
        byte[] data = payload;
        for (int i = specs.size() - 1; i >= 0; i--) {
            data = specs.get(i).encoder().encode(data, this, i);
        }
        return data;
    }
}
