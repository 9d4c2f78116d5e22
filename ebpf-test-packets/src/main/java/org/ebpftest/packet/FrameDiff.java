package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The byte differences between an expected and an actual frame, each named after the header field
 * of the expected packet it falls in, with a stable text rendering for assertion messages.
 *
 * <pre>
 * frames differ: 2 differences (expected 54 bytes, actual 54 bytes)
 *   offset 0x16 (22): IPv4 ttl: expected 0x40 but was 0x3f
 *   offset 0x18 (24): IPv4 header checksum: expected 0x266d but was 0x276d
 *
 * - 0010  00 28 00 00 40 00 40 06  26 6d 0a 00 00 01 0a 00  |.(..@.@.&amp;m......|
 * + 0010  00 28 00 00 40 00 3f 06  27 6d 0a 00 00 01 0a 00  |.(..@.?.'m......|
 *                           ^^     ^^
 * </pre>
 *
 * <p>A difference inside a header field of up to 16 bytes covers the whole field, so a checksum
 * or an address reads as one value; in longer fields and the payload, runs of differing bytes are
 * reported as they are.
 */
public final class FrameDiff {

    static final int MAX_LISTED = 64;
    static final int MAX_ROWS = 32;
    static final int MAX_VALUE_BYTES = 16;

    private final byte[] expected;
    private final byte[] actual;
    private final List<Difference> differences;

    private FrameDiff(Packet expectedPacket, byte[] actual) {
        this.expected = expectedPacket.bytes();
        this.actual = actual.clone();
        this.differences = List.copyOf(compute(expectedPacket));
    }

    /** Compares two Ethernet frames, naming fields from the parsed expected frame. */
    public static FrameDiff of(byte[] expected, byte[] actual) {
        Objects.requireNonNull(expected, "expected");
        return of(Packet.parse(expected), actual);
    }

    /** Compares an actual frame with an already parsed expected packet (Ethernet or bare IP). */
    public static FrameDiff of(Packet expected, byte[] actual) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        return new FrameDiff(expected, actual);
    }

    /** Whether the frames are identical. */
    public boolean isEmpty() {
        return differences.isEmpty();
    }

    /** The differences in frame order. */
    public List<Difference> differences() {
        return differences;
    }

    private List<Difference> compute(Packet packet) {
        List<Difference> list = new ArrayList<>();
        int common = Math.min(expected.length, actual.length);
        int i = 0;
        while (i < common) {
            if (expected[i] == actual[i]) {
                i++;
                continue;
            }
            Optional<HeaderField> field = packet.fieldAt(i);
            int start;
            int end;
            String name;
            if (field.isPresent() && field.get().length() <= MAX_VALUE_BYTES) {
                start = field.get().offset();
                end = Math.min(common, start + field.get().length());
                name = field.get().toString();
            } else {
                name = packet.describe(i);
                start = i;
                end = i + 1;
                while (end < common && expected[end] != actual[end] && packet.describe(end).equals(name)) {
                    end++;
                }
            }
            list.add(new Difference(start, end - start, name, Bytes.copy(expected, start, end - start),
                    Bytes.copy(actual, start, end - start)));
            i = end;
        }
        if (expected.length != actual.length) {
            String name = "beyond end of expected frame";
            if (expected.length > actual.length) {
                String first = packet.describe(common);
                String last = packet.describe(expected.length - 1);
                name = first.equals(last) ? first : first + " .. " + last;
            }
            list.add(new Difference(common, Math.abs(expected.length - actual.length), name,
                    Bytes.copy(expected, common, expected.length - common),
                    Bytes.copy(actual, common, actual.length - common)));
        }
        return list;
    }

    /** The report shown at the top of this class's documentation; {@code frames are identical (N bytes)} if equal. */
    @Override
    public String toString() {
        if (differences.isEmpty()) {
            return "frames are identical (" + expected.length + " bytes)";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("frames differ: ").append(differences.size())
                .append(differences.size() == 1 ? " difference" : " differences")
                .append(" (expected ").append(expected.length).append(" bytes, actual ").append(actual.length)
                .append(" bytes)\n");
        for (int i = 0; i < Math.min(MAX_LISTED, differences.size()); i++) {
            sb.append("  ").append(differences.get(i)).append('\n');
        }
        if (differences.size() > MAX_LISTED) {
            sb.append("  ... and ").append(differences.size() - MAX_LISTED).append(" more\n");
        }
        sb.append('\n');
        appendRows(sb);
        return sb.toString();
    }

    private void appendRows(StringBuilder sb) {
        int width = HexDump.offsetWidth(Math.max(expected.length, actual.length));
        int longest = Math.max(expected.length, actual.length);
        int shown = 0;
        int skipped = 0;
        for (int row = 0; row < longest; row += HexDump.BYTES_PER_ROW) {
            char[] marks = new char[2 + HexDump.column(HexDump.BYTES_PER_ROW - 1, width) + 2];
            Arrays.fill(marks, ' ');
            boolean differs = false;
            for (int j = 0; j < HexDump.BYTES_PER_ROW && row + j < longest; j++) {
                int p = row + j;
                if (p >= expected.length || p >= actual.length || expected[p] != actual[p]) {
                    int c = 2 + HexDump.column(j, width);
                    marks[c] = '^';
                    marks[c + 1] = '^';
                    differs = true;
                }
            }
            if (!differs) {
                continue;
            }
            if (shown == MAX_ROWS) {
                skipped++;
                continue;
            }
            shown++;
            sb.append(row < expected.length ? "- " + HexDump.row(expected, row, width) : "- (expected frame ended)")
                    .append('\n');
            sb.append(row < actual.length ? "+ " + HexDump.row(actual, row, width) : "+ (actual frame ended)")
                    .append('\n');
            sb.append(new String(marks).stripTrailing()).append('\n');
        }
        if (skipped > 0) {
            sb.append("... ").append(skipped).append(" more differing rows\n");
        }
    }

    /**
     * One differing range of bytes.
     *
     * @param offset absolute offset of the first byte
     * @param length number of bytes covered
     * @param field what the range belongs to in the expected packet, such as {@code IPv4 ttl} or {@code payload}
     * @param expected the expected bytes, shorter than {@code length} when the expected frame ends first
     * @param actual the actual bytes, shorter than {@code length} when the actual frame ends first
     */
    public record Difference(int offset, int length, String field, byte[] expected, byte[] actual) {

        /** Copies the byte arrays. */
        public Difference {
            expected = expected.clone();
            actual = actual.clone();
        }

        @Override
        public byte[] expected() {
            return expected.clone();
        }

        @Override
        public byte[] actual() {
            return actual.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Difference && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        /** For example {@code offset 0x16 (22): IPv4 ttl: expected 0x40 but was 0x3f}. */
        @Override
        public String toString() {
            String where = String.format("offset 0x%x (%d): %s: ", offset, offset, field);
            if (actual.length == 0) {
                return where + "expected " + length + " more bytes " + value(expected) + " but the actual frame ends";
            }
            if (expected.length == 0) {
                return where + "actual frame has " + length + " extra bytes " + value(actual);
            }
            return where + "expected " + value(expected) + " but was " + value(actual);
        }

        private static String value(byte[] bytes) {
            if (bytes.length <= MAX_VALUE_BYTES) {
                return "0x" + Bytes.hex(bytes, 0, bytes.length);
            }
            return "0x" + Bytes.hex(bytes, 0, MAX_VALUE_BYTES) + "... (" + bytes.length + " bytes)";
        }
    }
}
