package org.ebpftest.packet;

/** Turns readable hex (spaces, newlines and {@code |} separators allowed) into bytes for reference frames. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String text) {
        String digits = text.replaceAll("[\\s|]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
