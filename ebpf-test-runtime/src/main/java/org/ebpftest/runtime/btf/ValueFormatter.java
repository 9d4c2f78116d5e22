package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.ebpftest.runtime.MalformedObjectException;

/** Renders raw bytes through a BTF type, as {@link Btf#format(int, byte[])} describes. */
final class ValueFormatter {
    private final Btf btf;
    private final boolean big;

    ValueFormatter(Btf btf) {
        this.btf = btf;
        this.big = btf.byteOrder() == ByteOrder.BIG_ENDIAN;
    }

    String format(int typeId, byte[] value) {
        long size = btf.sizeOf(typeId);
        if (value.length < size) {
            throw new IllegalArgumentException(btf.typeName(typeId) + " takes " + size + " bytes, got " + value.length);
        }
        StringBuilder out = new StringBuilder();
        append(out, typeId, value, 0, 0);
        return out.toString();
    }

    private void append(StringBuilder out, int typeId, byte[] b, int at, int depth) {
        if (depth > Btf.MAX_DEPTH) {
            throw new MalformedObjectException("BTF type " + typeId + ": nesting too deep or cyclic");
        }
        BtfType t = btf.resolve(typeId);
        if (t instanceof BtfType.IntType i) {
            appendInt(out, i, read(b, at, i.size()));
        } else if (t instanceof BtfType.Pointer) {
            out.append("0x").append(Long.toHexString(read(b, at, 8)));
        } else if (t instanceof BtfType.EnumType e) {
            appendEnum(out, e, read(b, at, e.size()));
        } else if (t instanceof BtfType.FloatType f) {
            long bits = read(b, at, f.size());
            out.append(f.size() == 4 ? String.valueOf(Float.intBitsToFloat((int) bits))
                    : f.size() == 8 ? String.valueOf(Double.longBitsToDouble(bits)) : "0x" + Long.toHexString(bits));
        } else if (t instanceof BtfType.ArrayType a) {
            appendArray(out, a, b, at, depth);
        } else if (t instanceof BtfType.Composite c) {
            appendComposite(out, c, b, at, depth);
        } else if (t instanceof BtfType.Datasec d) {
            out.append('{');
            String sep = "";
            for (BtfType.VarSecinfo v : d.vars()) {
                if (v.offset() < 0 || (long) v.offset() + v.size() > b.length) {
                    continue;
                }
                out.append(sep).append(btf.type(v.type()).name()).append('=');
                append(out, v.type(), b, at + v.offset(), depth + 1);
                sep = ", ";
            }
            out.append('}');
        } else if (t instanceof BtfType.Var v) {
            append(out, v.type(), b, at, depth + 1);
        } else {
            out.append('<').append(t.kind().name().toLowerCase(Locale.ROOT)).append('>');
        }
    }

    private static void appendInt(StringBuilder out, BtfType.IntType i, long raw) {
        if (i.isBool()) {
            out.append(raw != 0);
        } else if (i.signed()) {
            int shift = 64 - 8 * Math.min(8, Math.max(1, i.size()));
            out.append(raw << shift >> shift);
        } else {
            out.append(Long.toUnsignedString(raw));
        }
    }

    private static void appendEnum(StringBuilder out, BtfType.EnumType e, long raw) {
        int shift = 64 - 8 * Math.min(8, Math.max(1, e.size()));
        long value = e.signed() ? raw << shift >> shift : raw;
        for (BtfType.EnumValue v : e.values()) {
            long candidate = e.signed() ? v.value() : v.value() << shift >>> shift;
            if (candidate == value) {
                out.append(v.name());
                return;
            }
        }
        out.append(e.signed() ? Long.toString(value) : Long.toUnsignedString(value));
    }

    private void appendArray(StringBuilder out, BtfType.ArrayType a, byte[] b, int at, int depth) {
        long elementSize = btf.sizeOf(a.element());
        BtfType element = btf.resolve(a.element());
        if (element instanceof BtfType.IntType i && i.size() == 1 && (i.isChar() || i.name().equals("char"))) {
            int end = at;
            int limit = (int) Math.min(b.length, at + (a.count() & 0xffffffffL));
            while (end < limit && b[end] != 0) {
                end++;
            }
            out.append('"').append(new String(b, at, end - at, StandardCharsets.UTF_8)).append('"');
            return;
        }
        out.append('[');
        for (long i = 0; i < (a.count() & 0xffffffffL); i++) {
            if (i > 0) {
                out.append(", ");
            }
            append(out, a.element(), b, (int) (at + i * elementSize), depth + 1);
        }
        out.append(']');
    }

    private void appendComposite(StringBuilder out, BtfType.Composite c, byte[] b, int at, int depth) {
        out.append('{');
        String sep = "";
        for (BtfType.Member m : c.members()) {
            out.append(sep);
            sep = ", ";
            if (!m.name().isEmpty()) {
                out.append(m.name()).append('=');
            }
            if (m.bitfieldSize() > 0 || m.bitOffset() % 8 != 0) {
                appendBitfield(out, m, b, at);
            } else {
                append(out, m.type(), b, at + m.bitOffset() / 8, depth + 1);
            }
        }
        out.append('}');
    }

    private void appendBitfield(StringBuilder out, BtfType.Member m, byte[] b, int at) {
        BtfType t = btf.resolve(m.type());
        int width = m.bitfieldSize() > 0 ? m.bitfieldSize() : 8 * (int) btf.sizeOf(m.type());
        long bits = 0;
        for (int i = 0; i < width; i++) {
            int bit = m.bitOffset() + i;
            int byteIndex = at + bit / 8;
            int inByte = big ? 7 - bit % 8 : bit % 8;
            if ((b[byteIndex] >>> inByte & 1) != 0) {
                bits |= big ? 1L << (width - 1 - i) : 1L << i;
            }
        }
        if (t instanceof BtfType.IntType i && i.signed() && width < 64) {
            bits = bits << (64 - width) >> (64 - width);
        } else if (t instanceof BtfType.EnumType e) {
            appendEnum(out, e, bits);
            return;
        }
        out.append(t instanceof BtfType.IntType i && i.signed() ? Long.toString(bits) : Long.toUnsignedString(bits));
    }

    private long read(byte[] b, int at, int size) {
        int n = Math.min(8, Math.max(0, size));
        if (at < 0 || at + n > b.length) {
            throw new IllegalArgumentException(n + " bytes at " + at + " outside a value of " + b.length + " bytes");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int shift = big ? (n - 1 - i) * 8 : i * 8;
            v |= (long) (b[at + i] & 0xff) << shift;
        }
        return v;
    }
}
