package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kernel's jhash(): lookup3's published values, and whole words read as the byte-wise form reads them. */
class JHashTest {

    @Test
    void givesLookup3sPublishedValues() {
        byte[] text = "Four score and seven years ago".getBytes(StandardCharsets.US_ASCII);

        assertThat(JHash.hash(new byte[0], 0, 0, 0)).isEqualTo(0xdeadbeef);
        assertThat(JHash.hash(text, 0, 30, 0)).isEqualTo(0x17770551);
        assertThat(JHash.hash(text, 0, 30, 1)).isEqualTo(0xcd628161);
    }

    @Test
    void hashesEveryLengthAndOffsetAsTheByteWiseFormDoes() {
        // given random bytes
        Random random = new Random(19);
        byte[] data = new byte[96];
        random.nextBytes(data);

        for (int length = 0; length <= 64; length++) {
            for (int offset = 0; offset < 4; offset++) {
                int seed = random.nextInt();
                // when hashed, then the result is the byte-wise lookup3's
                assertThat(JHash.hash(data, offset, length, seed)).as("length %d at %d", length, offset)
                        .isEqualTo(byteWise(data, offset, length, seed));
            }
        }
    }

    /** lookup3's hashlittle one byte at a time, as the kernel's jhash() reads a key. */
    private static int byteWise(byte[] d, int offset, int length, int seed) {
        int a = 0xdeadbeef + length + seed;
        int b = a;
        int c = a;
        int k = offset;
        int left = length;
        while (left > 12) {
            a += le(d, k, 4);
            b += le(d, k + 4, 4);
            c += le(d, k + 8, 4);
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
        a += le(d, k, Math.min(left, 4));
        b += left > 4 ? le(d, k + 4, Math.min(left - 4, 4)) : 0;
        c += left > 8 ? le(d, k + 8, left - 8) : 0;
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int le(byte[] d, int at, int bytes) {
        int v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | (d[at + i] & 0xff);
        }
        return v;
    }
}
