package org.ebpftest.packet;

/**
 * Formats bytes as a classic hex dump: offset, 16 bytes in two groups of 8, and printable ASCII.
 *
 * <pre>
 * 0000  02 00 00 00 00 02 02 00  00 00 00 01 08 00 45 00  |..............E.|
 * </pre>
 */
public final class HexDump {

    static final int BYTES_PER_ROW = 16;

    private HexDump() {
    }

    /** Dumps all of {@code data}; each line ends with a newline, and an empty array gives an empty string. */
    public static String of(byte[] data) {
        StringBuilder sb = new StringBuilder();
        int width = offsetWidth(data.length);
        for (int row = 0; row < data.length; row += BYTES_PER_ROW) {
            sb.append(row(data, row, width)).append('\n');
        }
        return sb.toString();
    }

    /** Number of hex digits used for offsets: at least 4, more for frames of 64 KiB and over. */
    static int offsetWidth(int length) {
        int width = 4;
        while (length > 0 && (long) length - 1 >= 1L << (4 * width)) {
            width++;
        }
        return width;
    }

    /** One row starting at {@code start}, without a newline; bytes past the end leave blanks so columns line up. */
    static String row(byte[] data, int start, int width) {
        StringBuilder sb = new StringBuilder();
        String offset = Integer.toHexString(start);
        sb.append("0".repeat(Math.max(0, width - offset.length()))).append(offset).append("  ");
        for (int i = 0; i < BYTES_PER_ROW; i++) {
            if (i == 8) {
                sb.append(' ');
            }
            int p = start + i;
            sb.append(p < data.length ? Bytes.hex2(data[p]) : "  ").append(' ');
        }
        sb.append(" |");
        for (int i = start; i < Math.min(data.length, start + BYTES_PER_ROW); i++) {
            int c = data[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return sb.append('|').toString();
    }

    /** Column of the first hex digit of byte {@code index} (0 to 15) within a row. */
    static int column(int index, int width) {
        return width + 2 + 3 * index + (index >= 8 ? 1 : 0);
    }
}
