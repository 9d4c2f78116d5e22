package org.ebpftest.packet.pcap;

/**
 * Bounds-checked reads in one byte order over a whole capture file; callers check lengths with
 * {@link #remaining(long)} first and report problems through {@link #fail}.
 */
abstract class Reader {

    final byte[] bytes;
    final String name;
    boolean bigEndian;

    Reader(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    long remaining(long offset) {
        return Math.max(0, bytes.length - offset);
    }

    int u16(long offset) {
        int p = (int) offset;
        int a = bytes[p] & 0xff;
        int b = bytes[p + 1] & 0xff;
        return bigEndian ? a << 8 | b : b << 8 | a;
    }

    long u32(long offset) {
        long a = u16(offset);
        long b = u16(offset + 2);
        return bigEndian ? a << 16 | b : b << 16 | a;
    }

    byte[] slice(long offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, (int) offset, out, 0, length);
        return out;
    }

    PcapFormatException fail(long offset, String where, String problem) {
        return new PcapFormatException(name, offset, where, problem);
    }
}
