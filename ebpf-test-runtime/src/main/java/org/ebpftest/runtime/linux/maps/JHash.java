package org.ebpftest.runtime.linux.maps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bob Jenkins' lookup3 hash as the kernel's {@code jhash()} computes it: the bucket function of
 * hash maps and the hash functions of bloom filters, so iteration order and false positives
 * match the kernel's. On little-endian machines {@code jhash2()} over whole words gives the same
 * result as this byte-wise form, which is why one method serves both.
 */
final class JHash {
    private static final int INITVAL = 0xdeadbeef;
    /** Four bytes as a little-endian int in one load (the kernel reads the words of a key so on little-endian machines). */
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private JHash() {
    }

    /** The hash of {@code length} bytes of {@code data} from {@code offset}, with a seed. */
    public static int hash(byte[] data, int offset, int length, int seed) {
        int a = INITVAL + length + seed;
        int b = a;
        int c = a;
        int k = offset;
        int left = length;
        while (left > 12) {
            a += word(data, k);
            b += word(data, k + 4);
            c += word(data, k + 8);
            // mix
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 12;
            k += 12;
        }
        if (left == 0) {
            return c;
        }
        // The tail: bytes beyond the remaining length contribute nothing; whole words are read as one.
        a += left >= 4 ? word(data, k) : tail(data, k, left, 0);
        b += left >= 8 ? word(data, k + 4) : tail(data, k, left, 4);
        c += left == 12 ? word(data, k + 8) : tail(data, k, left, 8);
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int word(byte[] d, int i) {
        return (int) LE_INT.get(d, i);
    }

    private static int tail(byte[] d, int base, int left, int from) {
        int v = 0;
        for (int i = Math.min(left, from + 4) - 1; i >= from; i--) {
            v = v << 8 | (d[base + i] & 0xff);
        }
        return v;
    }
}
