package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.ebpftest.runtime.MalformedObjectException;

/** Bounds-checked reads of little- or big-endian integers from a BTF blob. */
final class WireReader {
    private final byte[] data;
    private final boolean big;

    WireReader(byte[] data, ByteOrder order) {
        this.data = data;
        this.big = order == ByteOrder.BIG_ENDIAN;
    }

    int length() {
        return data.length;
    }

    int u8(long at) {
        check(at, 1);
        return data[(int) at] & 0xff;
    }

    int u16(long at) {
        check(at, 2);
        int a = data[(int) at] & 0xff;
        int b = data[(int) at + 1] & 0xff;
        return big ? a << 8 | b : b << 8 | a;
    }

    /** A 32-bit field as a Java int (callers decide whether it is signed). */
    int u32(long at) {
        check(at, 4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = big ? (3 - i) * 8 : i * 8;
            v |= (data[(int) at + i] & 0xff) << shift;
        }
        return v;
    }

    /** A NUL-terminated string that starts inside [from, from + limit). */
    String cString(long from, long limit) {
        long end = Math.min(data.length, from + limit);
        if (from < 0 || from >= end) {
            throw new MalformedObjectException("string at " + Long.toUnsignedString(from) + " outside the string table");
        }
        int i = (int) from;
        while (i < end && data[i] != 0) {
            i++;
        }
        if (i == end) {
            throw new MalformedObjectException("string at " + Long.toUnsignedString(from) + " is not terminated");
        }
        return new String(data, (int) from, i - (int) from, StandardCharsets.UTF_8);
    }

    void check(long at, long n) {
        if (at < 0 || n < 0 || at + n > data.length) {
            throw new MalformedObjectException(Long.toUnsignedString(n) + " bytes at offset " + Long.toUnsignedString(at) + " run past the end (" + data.length + " bytes)");
        }
    }
}
