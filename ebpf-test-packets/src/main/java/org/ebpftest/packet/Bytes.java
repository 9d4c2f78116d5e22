package org.ebpftest.packet;

import java.util.Arrays;

/** Big-endian reads and writes on frames, and hex formatting; callers check bounds first. */
final class Bytes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    static int u24(byte[] b, int i) {
        return (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
    }

    static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 16));
        put16(b, i + 2, (int) v);
    }

    static byte[] copy(byte[] b, int offset, int length) {
        return Arrays.copyOfRange(b, offset, offset + length);
    }

    static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** Lower-case hex digits with no separator, for example {@code "0a1b"}. */
    static String hex(byte[] b, int offset, int length) {
        StringBuilder sb = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++) {
            sb.append(HEX[(b[i] >>> 4) & 0xf]).append(HEX[b[i] & 0xf]);
        }
        return sb.toString();
    }

    static String hex2(int value) {
        return new String(new char[] {HEX[(value >>> 4) & 0xf], HEX[value & 0xf]});
    }

    static int checkRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(
                    what + " must be between 0 and " + max + " (0x" + Integer.toHexString(max) + ") but was " + value);
        }
        return value;
    }
}
