package org.ebpftest.runtime.linux.maps;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Converts between Java values and the bytes of a map key or value, laid out as a program sees
 * them: little-endian integers, IPv4 addresses in network order, records as C structs with
 * natural alignment. Codecs are immutable and thread-safe.
 *
 * @param <T> the Java type
 */
public interface MapCodec<T> {
    /** The number of bytes of an encoded value. */
    int size();

    /** Writes a value at an offset of an array. */
    void encode(T value, byte[] out, int offset);

    /** Reads a value at an offset of an array. */
    T decode(byte[] in, int offset);

    /** The bytes of a value. */
    default byte[] encode(T value) {
        byte[] out = new byte[size()];
        encode(value, out, 0);
        return out;
    }

    /** The value of bytes, which must be exactly {@link #size()} long. */
    default T decode(byte[] in) {
        if (in.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " bytes, got " + in.length);
        }
        return decode(in, 0);
    }

    /** A u8 or s8 as a Byte. */
    static MapCodec<Byte> int8() {
        return Codecs.INT8;
    }

    /** A little-endian u16 or s16 as a Short. */
    static MapCodec<Short> int16() {
        return Codecs.INT16;
    }

    /** A little-endian u32 or s32 as an Integer (use {@link Integer#toUnsignedLong} for u32). */
    static MapCodec<Integer> int32() {
        return Codecs.INT32;
    }

    /** A little-endian u64 or s64 as a Long. */
    static MapCodec<Long> int64() {
        return Codecs.INT64;
    }

    /** A big-endian (network order) u16, such as a port in a packet header, as an Integer 0 to 65535. */
    static MapCodec<Integer> port() {
        return Codecs.PORT;
    }

    /** Raw bytes of a fixed size. */
    static MapCodec<byte[]> bytes(int size) {
        return new Codecs.Bytes(size);
    }

    /** An IPv4 address in network order ({@code __be32}). */
    static MapCodec<Inet4Address> ipv4() {
        return Codecs.IPV4;
    }

    /**
     * A record of primitives (byte, short, char, int, long, float, double, boolean), IPv4 addresses
     * and nested such records, laid out as the C struct with the same fields in the same order.
     */
    static <R extends Record> MapCodec<R> record(Class<R> type) {
        return new RecordCodec<>(type);
    }

    /**
     * A codec from two functions, for layouts the built-in codecs do not cover (generated skeletons
     * build theirs this way).
     *
     * @param size the number of bytes of an encoded value
     * @param writer writes a value at an offset
     * @param reader reads a value at an offset
     */
    static <T> MapCodec<T> of(int size, Writer<T> writer, Reader<T> reader) {
        if (size < 0) {
            throw new IllegalArgumentException("codec size must not be negative, was " + size);
        }
        java.util.Objects.requireNonNull(writer, "writer");
        java.util.Objects.requireNonNull(reader, "reader");
        return new Codecs.Fixed<>(size) {
            @Override
            public void encode(T value, byte[] out, int offset) {
                writer.write(value, out, offset);
            }

            @Override
            public T decode(byte[] in, int offset) {
                return reader.read(in, offset);
            }
        };
    }

    /** Writes a value into bytes at an offset; the first half of {@link #of}. */
    @FunctionalInterface
    interface Writer<T> {
        /** Writes {@code value} at {@code offset} of {@code out}. */
        void write(T value, byte[] out, int offset);
    }

    /** Reads a value from bytes at an offset; the second half of {@link #of}. */
    @FunctionalInterface
    interface Reader<T> {
        /** Reads the value at {@code offset} of {@code in}. */
        T read(byte[] in, int offset);
    }

    /** The built-in codecs. */
    final class Codecs {
        static final MapCodec<Byte> INT8 = new Fixed<>(1) {
            @Override
            public void encode(Byte v, byte[] out, int off) {
                out[off] = v;
            }

            @Override
            public Byte decode(byte[] in, int off) {
                return in[off];
            }
        };
        static final MapCodec<Short> INT16 = new Fixed<>(2) {
            @Override
            public void encode(Short v, byte[] out, int off) {
                put(v, out, off, 2);
            }

            @Override
            public Short decode(byte[] in, int off) {
                return (short) get(in, off, 2);
            }
        };
        static final MapCodec<Integer> INT32 = new Fixed<>(4) {
            @Override
            public void encode(Integer v, byte[] out, int off) {
                put(v, out, off, 4);
            }

            @Override
            public Integer decode(byte[] in, int off) {
                return (int) get(in, off, 4);
            }
        };
        static final MapCodec<Long> INT64 = new Fixed<>(8) {
            @Override
            public void encode(Long v, byte[] out, int off) {
                put(v, out, off, 8);
            }

            @Override
            public Long decode(byte[] in, int off) {
                return get(in, off, 8);
            }
        };
        static final MapCodec<Integer> PORT = new Fixed<>(2) {
            @Override
            public void encode(Integer v, byte[] out, int off) {
                out[off] = (byte) (v >>> 8);
                out[off + 1] = (byte) (int) v;
            }

            @Override
            public Integer decode(byte[] in, int off) {
                return (in[off] & 0xff) << 8 | (in[off + 1] & 0xff);
            }
        };
        static final MapCodec<Inet4Address> IPV4 = new Fixed<>(4) {
            @Override
            public void encode(Inet4Address v, byte[] out, int off) {
                System.arraycopy(v.getAddress(), 0, out, off, 4);
            }

            @Override
            public Inet4Address decode(byte[] in, int off) {
                try {
                    return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(in, off, off + 4));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("4 bytes are always an IPv4 address", e);
                }
            }
        };

        private Codecs() {
        }

        static void put(long v, byte[] out, int off, int n) {
            for (int i = 0; i < n; i++) {
                out[off + i] = (byte) (v >>> (8 * i));
            }
        }

        static long get(byte[] in, int off, int n) {
            long v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = v << 8 | (in[off + i] & 0xff);
            }
            return v;
        }

        /** A codec of a fixed size. */
        abstract static class Fixed<T> implements MapCodec<T> {
            private final int size;

            Fixed(int size) {
                this.size = size;
            }

            @Override
            public int size() {
                return size;
            }
        }

        /** Raw bytes. */
        static final class Bytes extends Fixed<byte[]> {
            Bytes(int size) {
                super(size);
            }

            @Override
            public void encode(byte[] v, byte[] out, int off) {
                if (v.length != size()) {
                    throw new IllegalArgumentException("expected " + size() + " bytes, got " + v.length);
                }
                System.arraycopy(v, 0, out, off, v.length);
            }

            @Override
            public byte[] decode(byte[] in, int off) {
                return Arrays.copyOfRange(in, off, off + size());
            }
        }
    }
}
