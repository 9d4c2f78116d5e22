package org.ebpftest.runtime.isa;

import java.util.HexFormat;

/** Hex text to bytes and back, tolerant of the spacing people and tools put between bytes. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    /**
     * Parses hex text; whitespace, and an optional {@code 0x} prefix, are ignored.
     *
     * @throws IllegalArgumentException naming the first character that is not a hex digit
     */
    public static byte[] parse(String text) {
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (Character.digit(c, 16) < 0) {
                throw new IllegalArgumentException("not a hex digit at index " + i + ": '" + c + "' in \"" + abbreviate(text) + "\"");
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + ") in \"" + abbreviate(text) + "\"");
        }
        return FORMAT.parseHex(digits);
    }

    /** Lower-case hex with no separators. */
    public static String format(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** Lower-case hex with a space between bytes, as {@code llvm-objdump} prints instruction bytes. */
    public static String formatSpaced(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
