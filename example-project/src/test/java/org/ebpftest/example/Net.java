package org.ebpftest.example;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.packet.IpAddress;

/**
 * Small conversions the example tests share: Java values in the byte order the C structs hold
 * them. Map records use {@code short} for a {@code __be16} field, so a port written into one goes
 * through {@link #be16(int)} and is read back with {@link #port(short)}.
 */
final class Net {
    private Net() {
    }

    /** An IPv4 address literal as the {@code Inet4Address} record fields take; never resolves names. */
    static Inet4Address ipv4(String literal) {
        IpAddress address = IpAddress.of(literal);
        if (!address.isIpv4()) {
            throw new IllegalArgumentException(literal + " is not an IPv4 address");
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(address.bytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /**
     * A port as the {@code short} of a record field that the C struct declares {@code __be16}:
     * record codecs write shorts little-endian, so the bytes are swapped here to land in network
     * order.
     */
    static short be16(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return Short.reverseBytes((short) port);
    }

    /** The port a {@code __be16} record field holds. */
    static int port(short be16) {
        return Short.reverseBytes(be16) & 0xffff;
    }

    /** A port held in host order in a {@code __u16} field, as the record's {@code short}. */
    static short u16(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return (short) port;
    }

    /** The key of an IPv6 LPM trie: {@code {u32 prefixlen, u8 addr[16]}}, the address in network order. */
    static byte[] lpmV6Key(String prefix, int length) {
        IpAddress address = IpAddress.of(prefix);
        if (address.isIpv4() || length < 0 || length > 128) {
            throw new IllegalArgumentException("not an IPv6 prefix: " + prefix + "/" + length);
        }
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(length).put(address.bytes()).array();
    }
}
