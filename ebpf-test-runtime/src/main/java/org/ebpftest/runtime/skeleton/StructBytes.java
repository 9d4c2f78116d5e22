package org.ebpftest.runtime.skeleton;

import java.util.function.IntFunction;
import org.ebpftest.runtime.linux.maps.MapCodec;

/**
 * Reads and writes the fields of a C struct in the bytes a map or a global-data section stores: the
 * building blocks of the codecs in generated skeletons. Integers are little-endian, as the BPF target
 * stores them, unless a field is declared {@code __be16}/{@code __be32}/{@code __be64} (network
 * order); bitfields follow the little-endian rule that bit {@code n} of a struct is bit
 * {@code n % 8} of its byte {@code n / 8}.
 */
public final class StructBytes {
    private StructBytes() {
    }

    /**
     * The integer of {@code size} bytes (1, 2, 4 or 8) at an offset, zero-extended to a long; cast it
     * to the field's Java type, which restores the sign.
     */
    public static long get(byte[] in, int offset, int size, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int b = in[offset + (bigEndian ? i : size - 1 - i)] & 0xff;
            v = v << 8 | b;
        }
        return v;
    }

    /** Writes the low {@code size} bytes of a value at an offset. */
    public static void put(byte[] out, int offset, int size, boolean bigEndian, long value) {
        for (int i = 0; i < size; i++) {
            byte b = (byte) (value >>> (8 * i));
            out[offset + (bigEndian ? size - 1 - i : i)] = b;
        }
    }

    /**
     * A bitfield: {@code bits} bits from bit {@code bitOffset} of the struct at {@code offset},
     * sign-extended when the field is signed.
     */
    public static long getBits(byte[] in, int offset, int bitOffset, int bits, boolean signed) {
        long v = 0;
        for (int i = bits - 1; i >= 0; i--) {
            int bit = bitOffset + i;
            v = v << 1 | (in[offset + bit / 8] >>> (bit % 8) & 1);
        }
        if (signed && bits < 64) {
            v = v << (64 - bits) >> (64 - bits);
        }
        return v;
    }

    /**
     * Writes a bitfield, leaving the neighbouring bits as they are.
     *
     * @throws IllegalArgumentException naming the field when the value does not fit its bits
     */
    public static void putBits(byte[] out, int offset, int bitOffset, int bits, boolean signed, long value, String field) {
        if (bits < 64) {
            long min = signed ? -(1L << (bits - 1)) : 0;
            long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
            if (value < min || value > max) {
                throw new IllegalArgumentException("bitfield " + field + " has " + bits + (signed ? " signed" : " unsigned")
                        + " bits, which cannot hold " + value + "; it takes " + min + " to " + max);
            }
        }
        for (int i = 0; i < bits; i++) {
            int bit = bitOffset + i;
            int index = offset + bit / 8;
            int mask = 1 << (bit % 8);
            out[index] = (byte) ((value >>> i & 1) != 0 ? out[index] | mask : out[index] & ~mask);
        }
    }

    /** A copy of {@code length} bytes at an offset: a {@code __u8[]} or {@code char[]} field. */
    public static byte[] getBytes(byte[] in, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(in, offset, out, 0, length);
        return out;
    }

    /** Writes a byte array field, which must have exactly {@code length} elements. */
    public static void putBytes(byte[] out, int offset, int length, byte[] value, String field) {
        checkLength(value.length, length, field);
        System.arraycopy(value, 0, out, offset, length);
    }

    /** An array of 16-bit integers. */
    public static short[] getShorts(byte[] in, int offset, int length, boolean bigEndian) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            out[i] = (short) get(in, offset + 2 * i, 2, bigEndian);
        }
        return out;
    }

    /** Writes an array of 16-bit integers, which must have exactly {@code length} elements. */
    public static void putShorts(byte[] out, int offset, int length, boolean bigEndian, short[] value, String field) {
        checkLength(value.length, length, field);
        for (int i = 0; i < length; i++) {
            put(out, offset + 2 * i, 2, bigEndian, value[i]);
        }
    }

    /** An array of 32-bit integers. */
    public static int[] getInts(byte[] in, int offset, int length, boolean bigEndian) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = (int) get(in, offset + 4 * i, 4, bigEndian);
        }
        return out;
    }

    /** Writes an array of 32-bit integers, which must have exactly {@code length} elements. */
    public static void putInts(byte[] out, int offset, int length, boolean bigEndian, int[] value, String field) {
        checkLength(value.length, length, field);
        for (int i = 0; i < length; i++) {
            put(out, offset + 4 * i, 4, bigEndian, value[i]);
        }
    }

    /** An array of 64-bit integers. */
    public static long[] getLongs(byte[] in, int offset, int length, boolean bigEndian) {
        long[] out = new long[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(in, offset + 8 * i, 8, bigEndian);
        }
        return out;
    }

    /** Writes an array of 64-bit integers, which must have exactly {@code length} elements. */
    public static void putLongs(byte[] out, int offset, int length, boolean bigEndian, long[] value, String field) {
        checkLength(value.length, length, field);
        for (int i = 0; i < length; i++) {
            put(out, offset + 8 * i, 8, bigEndian, value[i]);
        }
    }

    /** An array of any other element (structs, unions, enums, floats, nested arrays), {@code stride} bytes apart. */
    public static <T> T[] getArray(byte[] in, int offset, int length, int stride, IntFunction<T[]> create, MapCodec.Reader<T> element) {
        T[] out = create.apply(length);
        for (int i = 0; i < length; i++) {
            out[i] = element.read(in, offset + stride * i);
        }
        return out;
    }

    /** Writes an array of any other element, which must have exactly {@code length} elements. */
    public static <T> void putArray(byte[] out, int offset, int length, int stride, T[] value, MapCodec.Writer<T> element, String field) {
        checkLength(value.length, length, field);
        for (int i = 0; i < length; i++) {
            element.write(value[i], out, offset + stride * i);
        }
    }

    private static void checkLength(int actual, int expected, String field) {
        if (actual != expected) {
            throw new IllegalArgumentException("array field " + field + " has " + expected + " elements in C, but the value has " + actual);
        }
    }
}
