package org.ebpftest.runtime.linux.maps;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.Inet4Address;

/**
 * Encodes a Java record as the C struct with the same fields: each field at the next offset
 * aligned to its own alignment, the whole size rounded to the largest alignment, little-endian
 * numbers, IPv4 addresses in network order, padding zero.
 */
final class RecordCodec<R extends Record> implements MapCodec<R> {
    private final Class<R> type;
    private final RecordComponent[] components;
    private final MapCodec<Object>[] fields;
    private final int[] offsets;
    private final int size;
    private final int alignment;
    private final Constructor<R> constructor;

    @SuppressWarnings("unchecked")
    RecordCodec(Class<R> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        // Records declared in test classes are often not public; their accessors and canonical
        // constructor must still be usable from this package.
        for (RecordComponent c : components) {
            c.getAccessor().setAccessible(true);
        }
        this.fields = new MapCodec[components.length];
        this.offsets = new int[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int off = 0;
        int align = 1;
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            types[i] = t;
            MapCodec<?> c = fieldCodec(t, components[i].getName());
            int a = alignmentOf(c);
            off = (off + a - 1) / a * a;
            offsets[i] = off;
            fields[i] = (MapCodec<Object>) c;
            off += c.size();
            align = Math.max(align, a);
        }
        this.alignment = align;
        this.size = (off + align - 1) / align * align;
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new IllegalArgumentException("record " + type.getName() + " has no accessible canonical constructor", e);
        }
    }

    private MapCodec<?> fieldCodec(Class<?> t, String name) {
        if (t == byte.class || t == boolean.class) {
            return t == byte.class ? MapCodec.int8() : BOOL;
        } else if (t == short.class || t == char.class) {
            return t == short.class ? MapCodec.int16() : CHAR;
        } else if (t == int.class) {
            return MapCodec.int32();
        } else if (t == long.class) {
            return MapCodec.int64();
        } else if (t == float.class) {
            return FLOAT;
        } else if (t == double.class) {
            return DOUBLE;
        } else if (t == Inet4Address.class) {
            return MapCodec.ipv4();
        } else if (t.isRecord()) {
            return new RecordCodec<>(t.asSubclass(Record.class));
        }
        throw new IllegalArgumentException("field " + name + " of record " + type.getName() + " has type " + t.getName()
                + "; a map codec takes primitives, Inet4Address and records of those");
    }

    private static int alignmentOf(MapCodec<?> c) {
        if (c instanceof RecordCodec<?> r) {
            return r.alignment;
        }
        return c == MapCodec.ipv4() ? 4 : c.size();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void encode(R value, byte[] out, int offset) {
        java.util.Arrays.fill(out, offset, offset + size, (byte) 0);
        for (int i = 0; i < components.length; i++) {
            try {
                Object v = components[i].getAccessor().invoke(value);
                fields[i].encode(v, out, offset + offsets[i]);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("cannot read field " + components[i].getName() + " of " + type.getName(), e);
            }
        }
    }

    @Override
    public R decode(byte[] in, int offset) {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = fields[i].decode(in, offset + offsets[i]);
        }
        try {
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create " + type.getName(), e);
        }
    }

    private static final MapCodec<Boolean> BOOL = new MapCodec.Codecs.Fixed<>(1) {
        @Override
        public void encode(Boolean v, byte[] out, int off) {
            out[off] = (byte) (v ? 1 : 0);
        }

        @Override
        public Boolean decode(byte[] in, int off) {
            return in[off] != 0;
        }
    };
    private static final MapCodec<Character> CHAR = new MapCodec.Codecs.Fixed<>(2) {
        @Override
        public void encode(Character v, byte[] out, int off) {
            MapCodec.Codecs.put(v, out, off, 2);
        }

        @Override
        public Character decode(byte[] in, int off) {
            return (char) MapCodec.Codecs.get(in, off, 2);
        }
    };
    private static final MapCodec<Float> FLOAT = new MapCodec.Codecs.Fixed<>(4) {
        @Override
        public void encode(Float v, byte[] out, int off) {
            MapCodec.Codecs.put(Float.floatToRawIntBits(v), out, off, 4);
        }

        @Override
        public Float decode(byte[] in, int off) {
            return Float.intBitsToFloat((int) MapCodec.Codecs.get(in, off, 4));
        }
    };
    private static final MapCodec<Double> DOUBLE = new MapCodec.Codecs.Fixed<>(8) {
        @Override
        public void encode(Double v, byte[] out, int off) {
            MapCodec.Codecs.put(Double.doubleToRawLongBits(v), out, off, 8);
        }

        @Override
        public Double decode(byte[] in, int off) {
            return Double.longBitsToDouble(MapCodec.Codecs.get(in, off, 8));
        }
    };
}
