package org.ebpftest.packet;

import java.util.Objects;

/**
 * The 16-bit ones' complement Internet checksum (RFC 1071), its incremental update (RFC 1624)
 * and the IPv4 header, TCP, UDP, ICMP and ICMPv6 checksums built on it.
 *
 * <p>Two kinds of value appear below. A <em>sum</em> is the folded ones' complement sum of 16-bit
 * words, in {@code [0, 0xffff]}; sums can be combined with {@link #add(int, int)}. A
 * <em>checksum</em> is the complement of a sum, the value written into a header. A block of data
 * that includes a correct checksum sums to {@code 0xffff}.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** Ones' complement sum of {@code length} bytes; an odd last byte is padded with a zero byte. */
    public static int sum(byte[] data, int offset, int length) {
        return sum(0, data, offset, length);
    }

    /** Continues {@code initial}, a sum, over more bytes that start on an even position of the block. */
    public static int sum(int initial, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        long acc = initial;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (data[i] & 0xff) << 8;
        }
        return fold(acc);
    }

    /** Ones' complement addition of two sums or 16-bit words. */
    public static int add(int a, int b) {
        return fold((long) (a & 0xffff) + (b & 0xffff));
    }

    /** Turns a sum into the checksum to transmit: its complement. */
    public static int finish(int sum) {
        return ~sum & 0xffff;
    }

    /** The checksum of a block of bytes. */
    public static int checksum(byte[] data, int offset, int length) {
        return finish(sum(data, offset, length));
    }

    /** Whether a block that contains its own checksum field verifies, that is sums to {@code 0xffff}. */
    public static boolean verifies(byte[] data, int offset, int length) {
        return sum(data, offset, length) == 0xffff;
    }

    /**
     * Updates a checksum after one 16-bit word of the covered data changed, by RFC 1624 equation 3:
     * {@code HC' = ~(~HC + ~m + m')}.
     */
    public static int update(int oldChecksum, int oldWord, int newWord) {
        int sum = add(add(~oldChecksum & 0xffff, ~oldWord & 0xffff), newWord & 0xffff);
        return finish(sum);
    }

    /** Updates a checksum after an aligned 32-bit value (an IPv4 address, a sequence number) changed. */
    public static int update32(int oldChecksum, long oldValue, long newValue) {
        int c = update(oldChecksum, (int) (oldValue >>> 16) & 0xffff, (int) (newValue >>> 16) & 0xffff);
        return update(c, (int) oldValue & 0xffff, (int) newValue & 0xffff);
    }

    /**
     * Updates a checksum after an aligned run of bytes changed from {@code oldBytes} to
     * {@code newBytes} (same even length), for example an IPv6 address.
     */
    public static int update(int oldChecksum, byte[] oldBytes, byte[] newBytes) {
        if (oldBytes.length != newBytes.length || oldBytes.length % 2 != 0) {
            throw new IllegalArgumentException("old and new bytes must have the same even length but had "
                    + oldBytes.length + " and " + newBytes.length);
        }
        int c = oldChecksum;
        for (int i = 0; i < oldBytes.length; i += 2) {
            c = update(c, Bytes.u16(oldBytes, i), Bytes.u16(newBytes, i));
        }
        return c;
    }

    /**
     * Sum of the pseudo-header that TCP, UDP and ICMPv6 checksums cover: the IPv4 one of RFC 793
     * when the addresses have 4 bytes, the IPv6 one of RFC 8200 section 8.1 when they have 16.
     *
     * @param upperLayerLength length of the TCP, UDP or ICMPv6 header plus its data
     */
    public static int pseudoHeaderSum(byte[] source, byte[] destination, int protocol, int upperLayerLength) {
        if (source.length != destination.length || (source.length != 4 && source.length != 16)) {
            throw new IllegalArgumentException("source and destination must both be IPv4 (4 bytes) or IPv6 (16 bytes)"
                    + " but had " + source.length + " and " + destination.length + " bytes");
        }
        int s = sum(source, 0, source.length);
        s = sum(s, destination, 0, destination.length);
        s = add(s, protocol & 0xff);
        s = add(s, (upperLayerLength >>> 16) & 0xffff);
        return add(s, upperLayerLength & 0xffff);
    }

    /** The IPv4 header checksum a header of {@code headerLength} bytes should carry, ignoring the field's current value. */
    public static int ipv4HeaderChecksum(byte[] frame, int offset, int headerLength) {
        return checksumSkipping(0, frame, offset, headerLength, offset + 10);
    }

    /**
     * The TCP, UDP or ICMPv6 checksum a segment should carry, ignoring the current value of its checksum field.
     *
     * @param protocol {@link IpProtocol#TCP}, {@link IpProtocol#UDP} or {@link IpProtocol#ICMPV6}
     * @param checksumOffset absolute offset of the checksum field inside {@code frame}
     * @return the checksum; for UDP a computed zero is sent as {@code 0xffff} (RFC 768)
     */
    public static int transportChecksum(byte[] source, byte[] destination, int protocol,
                                        byte[] frame, int offset, int length, int checksumOffset) {
        int pseudo = pseudoHeaderSum(source, destination, protocol, length);
        int c = checksumSkipping(pseudo, frame, offset, length, checksumOffset);
        return protocol == IpProtocol.UDP && c == 0 ? 0xffff : c;
    }

    /** The checksum of a block computed as if the 16-bit field at {@code fieldOffset} were zero. */
    static int checksumSkipping(int initial, byte[] frame, int offset, int length, int fieldOffset) {
        int s = sum(initial, frame, offset, fieldOffset - offset);
        int after = fieldOffset + 2 - offset;
        if (after < length) {
            // The field sits on an even position of the block, so the rest stays word aligned.
            s = sum(s, frame, fieldOffset + 2, length - after);
        }
        return finish(s);
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }
}
