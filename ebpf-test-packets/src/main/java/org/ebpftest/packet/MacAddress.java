package org.ebpftest.packet;

import java.util.Arrays;
import java.util.Objects;

/** An immutable 48-bit Ethernet MAC address, written {@code 02:00:00:00:00:01}. */
public final class MacAddress {

    /** The broadcast address {@code ff:ff:ff:ff:ff:ff}. */
    public static final MacAddress BROADCAST = of(new byte[] {-1, -1, -1, -1, -1, -1});

    /** The all-zero address, used for unknown target addresses in ARP requests. */
    public static final MacAddress ZERO = of(new byte[6]);

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses six hex pairs separated by {@code :} or {@code -}.
     *
     * @throws IllegalArgumentException if the text is not a MAC address
     */
    public static MacAddress of(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address [" + text + "]: expected six hex pairs like 02:00:00:00:00:01");
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2 || Character.digit(parts[i].charAt(0), 16) < 0
                    || Character.digit(parts[i].charAt(1), 16) < 0) {
                throw new IllegalArgumentException("not a MAC address [" + text + "]: [" + parts[i] + "] is not a hex pair");
            }
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return new MacAddress(b);
    }

    /**
     * Wraps a copy of six bytes.
     *
     * @throws IllegalArgumentException if the array does not hold exactly six bytes
     */
    public static MacAddress of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes but " + bytes.length + " were given");
        }
        return new MacAddress(bytes.clone());
    }

    static MacAddress read(byte[] frame, int offset) {
        return new MacAddress(Bytes.copy(frame, offset, 6));
    }

    /** Returns a copy of the six address bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the group bit (least significant bit of the first byte) is set. */
    public boolean isMulticast() {
        return (bytes[0] & 1) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && Arrays.equals(bytes, ((MacAddress) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case hex pairs separated by colons. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Bytes.hex2(bytes[i]));
        }
        return sb.toString();
    }
}
