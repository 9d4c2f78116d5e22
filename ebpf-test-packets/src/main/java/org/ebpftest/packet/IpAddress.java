package org.ebpftest.packet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable IPv4 or IPv6 address, parsed from its literal text form without ever asking DNS.
 *
 * <p>{@link #toString()} gives the canonical text: dotted quad for IPv4 and the RFC 5952 form for
 * IPv6 (lower case, longest run of zero groups shortened to {@code ::}).
 */
public final class IpAddress {

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses an IPv4 dotted quad ({@code 10.0.0.1}) or an IPv6 literal ({@code 2001:db8::1}).
     *
     * @throws IllegalArgumentException for anything else, host names included
     */
    public static IpAddress of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.indexOf(':') >= 0) {
            return new IpAddress(parseIpv6(text));
        }
        return new IpAddress(parseIpv4(text));
    }

    /**
     * Wraps a copy of 4 (IPv4) or 16 (IPv6) bytes.
     *
     * @throws IllegalArgumentException for any other length
     */
    public static IpAddress of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes but " + bytes.length + " were given");
        }
        return new IpAddress(bytes.clone());
    }

    static IpAddress read(byte[] frame, int offset, int length) {
        return new IpAddress(Bytes.copy(frame, offset, length));
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw notAnAddress(text);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw notAnAddress(text);
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw notAnAddress(text);
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] parseIpv6(String text) {
        // Only hex digits, colons and dots may reach InetAddress, so it can never fall back to a lookup.
        if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw notAnAddress(text);
        }
        try {
            InetAddress parsed = InetAddress.getByName(text);
            byte[] b = parsed.getAddress();
            if (parsed instanceof Inet4Address) {
                // Java turns ::ffff:a.b.c.d into an IPv4 address; keep the IPv6 form the test wrote.
                byte[] mapped = new byte[16];
                mapped[10] = -1;
                mapped[11] = -1;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address [" + text + "]", e);
        }
    }

    private static IllegalArgumentException notAnAddress(String text) {
        return new IllegalArgumentException(
                "not an IP address literal [" + text + "]: expected a dotted quad like 10.0.0.1 or IPv6 like 2001:db8::1"
                        + " (host names are not resolved)");
    }

    /** Returns a copy of the address bytes, 4 for IPv4 and 16 for IPv6. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether this is a 4-byte IPv4 address. */
    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /** 4 or 6. */
    public int version() {
        return bytes.length == 4 ? 4 : 6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress && Arrays.equals(bytes, ((IpAddress) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Bytes.u16(bytes, 2 * i);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xffff) {
            return "::ffff:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                    + (bytes[15] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
