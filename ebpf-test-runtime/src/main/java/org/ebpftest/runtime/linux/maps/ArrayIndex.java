package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.uapi.Errno;

/** The u32 index keys of array-shaped maps and their {@code get_next_key}. */
final class ArrayIndex {
    private ArrayIndex() {
    }

    static long of(byte[] key, int off) {
        return (key[off] & 0xffL) | (key[off + 1] & 0xffL) << 8 | (key[off + 2] & 0xffL) << 16 | (key[off + 3] & 0xffL) << 24;
    }

    static void write(long index, byte[] out, int off) {
        out[off] = (byte) index;
        out[off + 1] = (byte) (index >>> 8);
        out[off + 2] = (byte) (index >>> 16);
        out[off + 3] = (byte) (index >>> 24);
    }

    static byte[] key(long index) {
        byte[] k = new byte[4];
        write(index, k, 0);
        return k;
    }

    /** An array's get_next_key: absent or out-of-range key gives 0, the last index -ENOENT. */
    static long next(byte[] key, int maxEntries, byte[] out) {
        long next;
        if (key == null || of(key, 0) >= maxEntries) {
            next = 0;
        } else if (of(key, 0) == maxEntries - 1L) {
            return -Errno.ENOENT;
        } else {
            next = of(key, 0) + 1;
        }
        write(next, out, 0);
        return 0;
    }
}
