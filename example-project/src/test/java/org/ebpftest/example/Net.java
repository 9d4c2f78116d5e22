package org.ebpftest.example;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ebpftest.packet.IpAddress;

/**
 * Small conversions the example tests share. The generated skeletons hold a {@code __be32} address
 * as the {@code int} value it stands for ({@code 192.0.2.1} is {@code 0xc0000201}) and a port as a
 * {@code short} (the codecs put {@code __be} fields into network order), so these only turn the
 * text tests are written in into those values and back.
 */
final class Net {
    private Net() {
    }

    /** An IPv4 address literal as the {@code int} a {@code __be32} field of a skeleton record holds; never resolves names. */
    static int ipv4(String literal) {
        byte[] b = ipv4Bytes(literal);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** An IPv4 address literal as its four bytes in network order, as a {@code __u8 addr[4]} holds it. */
    static byte[] ipv4Bytes(String literal) {
        IpAddress address = IpAddress.of(literal);
        if (!address.isIpv4()) {
            throw new IllegalArgumentException(literal + " is not an IPv4 address");
        }
        return address.bytes();
    }

    /** The dotted text of the address a {@code __be32} field holds: {@code 0xc0000201} to {@code 192.0.2.1}. */
    static String dotted(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    /** An IPv4 address literal as an {@code Inet4Address}, for a record {@code MapCodec.record} lays out; never resolves names. */
    static Inet4Address inet4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByAddress(ipv4Bytes(literal));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** A port as the {@code short} of a {@code __u16} or {@code __be16} field. */
    static short u16(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return (short) port;
    }

    /** The port a {@code __u16} or {@code __be16} field holds. */
    static int port(short field) {
        return Short.toUnsignedInt(field);
    }
}
