package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TCP option as parsed from a header or given to the builder; {@link #toBytes()} gives its wire form.
 *
 * <p>Options with a known kind but an unexpected length are kept as {@link Unknown}.
 */
public sealed interface TcpOption {

    /** Option kind of end of option list. */
    int KIND_END = 0;
    /** Option kind of no-operation. */
    int KIND_NOP = 1;
    /** Option kind of maximum segment size. */
    int KIND_MSS = 2;
    /** Option kind of window scale. */
    int KIND_WINDOW_SCALE = 3;
    /** Option kind of SACK permitted. */
    int KIND_SACK_PERMITTED = 4;
    /** Option kind of SACK. */
    int KIND_SACK = 5;
    /** Option kind of timestamps. */
    int KIND_TIMESTAMPS = 8;

    /** The option kind byte. */
    int kind();

    /** Name used in field names, such as {@code MSS}. */
    String name();

    /** The option as it appears in a header: kind, length (except for END and NOP) and data. */
    byte[] toBytes();

    /** End of option list (kind 0). */
    record End() implements TcpOption {
        @Override
        public int kind() {
            return KIND_END;
        }

        @Override
        public String name() {
            return "end of options";
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {0};
        }
    }

    /** No-operation padding (kind 1). */
    record Nop() implements TcpOption {
        @Override
        public int kind() {
            return KIND_NOP;
        }

        @Override
        public String name() {
            return "NOP";
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {1};
        }
    }

    /** Maximum segment size (kind 2, RFC 9293). */
    record Mss(int value) implements TcpOption {
        /** Checks the value fits 16 bits. */
        public Mss {
            Bytes.checkRange("MSS", value, 0xffff);
        }

        @Override
        public int kind() {
            return KIND_MSS;
        }

        @Override
        public String name() {
            return "MSS";
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {KIND_MSS, 4, (byte) (value >>> 8), (byte) value};
        }
    }

    /** Window scale shift count (kind 3, RFC 7323). */
    record WindowScale(int shift) implements TcpOption {
        /** Checks the shift fits a byte. */
        public WindowScale {
            Bytes.checkRange("window scale shift", shift, 0xff);
        }

        @Override
        public int kind() {
            return KIND_WINDOW_SCALE;
        }

        @Override
        public String name() {
            return "window scale";
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {KIND_WINDOW_SCALE, 3, (byte) shift};
        }
    }

    /** SACK permitted (kind 4, RFC 2018). */
    record SackPermitted() implements TcpOption {
        @Override
        public int kind() {
            return KIND_SACK_PERMITTED;
        }

        @Override
        public String name() {
            return "SACK permitted";
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {KIND_SACK_PERMITTED, 2};
        }
    }

    /** One selective acknowledgment block: left edge inclusive, right edge exclusive. */
    record SackBlock(long left, long right) {
        /** Checks both edges fit 32 bits. */
        public SackBlock {
            if (left < 0 || left > 0xffffffffL || right < 0 || right > 0xffffffffL) {
                throw new IllegalArgumentException("SACK block edges must be unsigned 32-bit values but were "
                        + left + " and " + right);
            }
        }
    }

    /** Selective acknowledgment blocks (kind 5, RFC 2018). */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        /** Copies the block list; at most four blocks fit in a header. */
        public Sack {
            blocks = List.copyOf(blocks);
            if (blocks.isEmpty() || blocks.size() > 4) {
                throw new IllegalArgumentException("a SACK option holds 1 to 4 blocks but " + blocks.size() + " were given");
            }
        }

        @Override
        public int kind() {
            return KIND_SACK;
        }

        @Override
        public String name() {
            return "SACK";
        }

        @Override
        public byte[] toBytes() {
            byte[] b = new byte[2 + 8 * blocks.size()];
            b[0] = KIND_SACK;
            b[1] = (byte) b.length;
            for (int i = 0; i < blocks.size(); i++) {
                Bytes.put32(b, 2 + 8 * i, blocks.get(i).left());
                Bytes.put32(b, 6 + 8 * i, blocks.get(i).right());
            }
            return b;
        }
    }

    /** Timestamps (kind 8, RFC 7323): the sender's value and the echo reply. */
    record Timestamps(long value, long echoReply) implements TcpOption {
        /** Checks both values fit 32 bits. */
        public Timestamps {
            if (value < 0 || value > 0xffffffffL || echoReply < 0 || echoReply > 0xffffffffL) {
                throw new IllegalArgumentException("timestamps must be unsigned 32-bit values but were "
                        + value + " and " + echoReply);
            }
        }

        @Override
        public int kind() {
            return KIND_TIMESTAMPS;
        }

        @Override
        public String name() {
            return "timestamps";
        }

        @Override
        public byte[] toBytes() {
            byte[] b = new byte[10];
            b[0] = KIND_TIMESTAMPS;
            b[1] = 10;
            Bytes.put32(b, 2, value);
            Bytes.put32(b, 6, echoReply);
            return b;
        }
    }

    /** Any other option, or a known kind with an unexpected length: kind and data bytes after the length. */
    record Unknown(int kind, byte[] data) implements TcpOption {
        /** Copies the data. */
        public Unknown {
            Bytes.checkRange("option kind", kind, 0xff);
            data = data.clone();
            if (data.length > 38) {
                throw new IllegalArgumentException("option data of " + data.length + " bytes does not fit in a TCP header");
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String name() {
            return "kind " + kind;
        }

        @Override
        public byte[] toBytes() {
            byte[] b = new byte[2 + data.length];
            b[0] = (byte) kind;
            b[1] = (byte) b.length;
            System.arraycopy(data, 0, b, 2, data.length);
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown && ((Unknown) o).kind == kind && Arrays.equals(((Unknown) o).data, data);
        }

        @Override
        public int hashCode() {
            return 31 * kind + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Unknown[kind=" + kind + ", data=" + Bytes.hex(data, 0, data.length) + "]";
        }
    }

    /**
     * Parses the option area {@code [offset, end)}; stops at END or at an option whose length is
     * malformed, reporting the latter to {@code problems}.
     *
     * @param offsets receives the absolute offset of each parsed option
     */
    static List<TcpOption> parse(byte[] frame, int offset, int end, List<Integer> offsets, List<String> problems) {
        List<TcpOption> options = new ArrayList<>();
        int p = offset;
        while (p < end) {
            int kind = Bytes.u8(frame, p);
            offsets.add(p);
            if (kind == KIND_END) {
                options.add(new End());
                break;
            }
            if (kind == KIND_NOP) {
                options.add(new Nop());
                p++;
                continue;
            }
            if (p + 1 >= end) {
                offsets.remove(offsets.size() - 1);
                problems.add(String.format("TCP option kind %d at offset %d has no length byte", kind, p));
                break;
            }
            int len = Bytes.u8(frame, p + 1);
            if (len < 2 || p + len > end) {
                offsets.remove(offsets.size() - 1);
                problems.add(String.format("TCP option kind %d at offset %d has length %d but %d bytes remain",
                        kind, p, len, end - p));
                break;
            }
            options.add(decode(frame, p, kind, len));
            p += len;
        }
        return options;
    }

    private static TcpOption decode(byte[] frame, int p, int kind, int len) {
        if (kind == KIND_MSS && len == 4) {
            return new Mss(Bytes.u16(frame, p + 2));
        }
        if (kind == KIND_WINDOW_SCALE && len == 3) {
            return new WindowScale(Bytes.u8(frame, p + 2));
        }
        if (kind == KIND_SACK_PERMITTED && len == 2) {
            return new SackPermitted();
        }
        if (kind == KIND_SACK && len >= 10 && (len - 2) % 8 == 0 && len <= 34) {
            List<SackBlock> blocks = new ArrayList<>();
            for (int q = p + 2; q < p + len; q += 8) {
                blocks.add(new SackBlock(Bytes.u32(frame, q), Bytes.u32(frame, q + 4)));
            }
            return new Sack(blocks);
        }
        if (kind == KIND_TIMESTAMPS && len == 10) {
            return new Timestamps(Bytes.u32(frame, p + 2), Bytes.u32(frame, p + 6));
        }
        return new Unknown(kind, Bytes.copy(frame, p + 2, len - 2));
    }
}
