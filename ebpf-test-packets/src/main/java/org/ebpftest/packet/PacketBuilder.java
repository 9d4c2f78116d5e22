package org.ebpftest.packet;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What every step of a {@link Packets} builder chain offers: setting the payload and building.
 *
 * <p>A chain describes one packet from the outermost header in. Methods named after a protocol
 * ({@code ipv4()}, {@code tcp()}, ...) add the next header and return its builder; the other
 * methods set fields of the current header. Lengths, type and protocol fields and checksums are
 * filled in at {@link #build()} unless a test sets them, for example to build a broken packet.
 *
 * @param <B> the concrete builder, returned by the chained setters
 */
public abstract class PacketBuilder<B extends PacketBuilder<B>> {

    final Draft draft;

    PacketBuilder(Draft draft) {
        this.draft = draft;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** Sets the bytes after the innermost header (empty by default). */
    public B payload(byte[] bytes) {
        draft.payload(Objects.requireNonNull(bytes, "bytes"));
        return self();
    }

    /** Sets the payload to the UTF-8 bytes of {@code text}. */
    public B payload(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes the packet into a new byte array. */
    public byte[] build() {
        return draft.build();
    }

    /** Builds the packet and parses it back into a {@link Packet}. */
    public Packet buildPacket() {
        byte[] bytes = build();
        return draft.startsWithEthernet() ? Packet.parse(bytes) : Packet.parseIp(bytes);
    }

    static int u8(String what, int value) {
        return Bytes.checkRange(what, value, 0xff);
    }

    static int u16(String what, int value) {
        return Bytes.checkRange(what, value, 0xffff);
    }

    static long u32(String what, long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException(what + " must be between 0 and 4294967295 but was " + value);
        }
        return value;
    }

    static IpAddress ipv4Address(String what, IpAddress address) {
        if (!address.isIpv4()) {
            throw new IllegalArgumentException(what + " must be an IPv4 address but was " + address);
        }
        return address;
    }

    static IpAddress ipv6Address(String what, IpAddress address) {
        if (address.isIpv4()) {
            throw new IllegalArgumentException(what + " must be an IPv6 address but was " + address);
        }
        return address;
    }
}
