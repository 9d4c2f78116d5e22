package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes as golden files show them: up to 16 bytes as one string of spaced pairs
 * ({@code "01 00 00 00"}), more as lines of 16 bytes headed by their offset, so that a diff of
 * two packets names the line, and so the offset, of each changed byte.
 */
final class HexLines {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    static final int PER_LINE = 16;

    private HexLines() {
    }

    /** A short value as one string, a longer one as offset lines. */
    static Object value(byte[] bytes) {
        return bytes.length <= PER_LINE ? pairs(bytes, 0, bytes.length) : lines(bytes);
    }

    /**
     * Offset lines, whatever the length: {@code "0010  45 00 00 2e 00 00 00 00  40 11 ..."}, with
     * an extra space after the eighth byte, as {@code hexdump -C} and Wireshark print them.
     */
    static List<String> lines(byte[] bytes) {
        int width = Math.max(4, Integer.toHexString(Math.max(0, bytes.length - 1)).length());
        List<String> out = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += PER_LINE) {
            String offset = Integer.toHexString(at);
            StringBuilder line = new StringBuilder("0".repeat(width - offset.length())).append(offset).append("  ");
            int end = Math.min(bytes.length, at + PER_LINE);
            line.append(pairs(bytes, at, Math.min(end, at + 8)));
            if (end > at + 8) {
                line.append("  ").append(pairs(bytes, at + 8, end));
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String pairs(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(' ');
            }
            out.append(DIGITS[(bytes[i] >> 4) & 0xf]).append(DIGITS[bytes[i] & 0xf]);
        }
        return out.toString();
    }
}
