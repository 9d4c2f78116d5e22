package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * Prints keys and values as text through their BTF types ({@code {pkts=1, bytes=74}}), and as hex
 * where there is no type, the type does not fit the bytes or cannot be printed. The one place that
 * turns map contents into text: {@link Btf#format}, {@link BtfValue#toString()},
 * {@code LoadedObject.describe}, golden files, fixture mismatches and assertion messages all print
 * through it, and differ only by the options chosen here.
 *
 * <pre>{@code
 * ValueFormatter f = ValueFormatter.of(object.spec().btf());
 * f.text(spec.btfValueTypeId(), value);           // {pkts=1, bytes=74}
 * f.perCpuText(spec.btfValueTypeId(), values);    // [cpu0={pkts=1, bytes=74}, cpu1={pkts=0, bytes=0}]
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ValueFormatter {
    /** For {@link #cuttingHexAfter}: print every byte. */
    public static final int ALL_BYTES = Integer.MAX_VALUE;

    /** A formatter without types: everything prints as hex. */
    public static final ValueFormatter HEX = new ValueFormatter(null, ALL_BYTES, true);

    private final Btf btf;
    private final boolean big;
    private final int maxHexBytes;
    private final boolean numberCpus;

    private ValueFormatter(Btf btf, int maxHexBytes, boolean numberCpus) {
        this.btf = btf;
        this.big = btf != null && btf.byteOrder() == ByteOrder.BIG_ENDIAN;
        this.maxHexBytes = maxHexBytes;
        this.numberCpus = numberCpus;
    }

    /** A formatter printing through the types of {@code btf}, hex in full where they do not help. */
    public static ValueFormatter of(Btf btf) {
        return new ValueFormatter(Objects.requireNonNull(btf, "btf"), ALL_BYTES, true);
    }

    /** A formatter printing through the types of {@code btf} when there is one, else {@link #HEX}. */
    public static ValueFormatter of(Optional<Btf> btf) {
        return btf.map(ValueFormatter::of).orElse(HEX);
    }

    /**
     * The same formatter with hex cut after {@code maxBytes} bytes and {@code ...} added, as a
     * failure message wants it; golden files and {@code describe} keep every byte.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is not positive
     */
    public ValueFormatter cuttingHexAfter(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        return new ValueFormatter(btf, maxBytes, numberCpus);
    }

    /**
     * The same formatter with per-CPU values listed without CPU numbers, {@code [1, 0]}, as fixture
     * mismatches print them next to the fixture's own list.
     */
    public ValueFormatter withoutCpuNumbers() {
        return new ValueFormatter(btf, maxHexBytes, false);
    }

    /**
     * The bytes printed through type {@code typeId}, when this formatter has types, the id is not 0
     * (no type), the bytes are at least the type's size and the type can be printed; empty otherwise.
     */
    public Optional<String> btfText(int typeId, byte[] bytes) {
        if (btf == null || typeId == 0) {
            return Optional.empty();
        }
        try {
            return bytes.length >= btf.sizeOf(typeId) ? Optional.of(format(typeId, bytes)) : Optional.empty();
        } catch (IllegalArgumentException | IndexOutOfBoundsException | MalformedObjectException e) {
            // A type that does not describe these bytes (malformed or cyclic BTF) is the object's
            // problem; the hex still says what is there.
            return Optional.empty();
        }
    }

    /** The bytes through their type as {@link #btfText} prints them, else as {@link #hex}. */
    public String text(int typeId, byte[] bytes) {
        return btfText(typeId, bytes).orElseGet(() -> hex(bytes));
    }

    /**
     * One value, or the values of every CPU of a per-CPU map numbered by CPU:
     * {@code [cpu0=1, cpu1=0]} ({@code [1, 0]} {@link #withoutCpuNumbers()}). A single value prints
     * as {@link #text} alone.
     */
    public String perCpuText(int typeId, List<byte[]> values) {
        if (values.size() == 1) {
            return text(typeId, values.get(0));
        }
        StringBuilder out = new StringBuilder("[");
        for (int cpu = 0; cpu < values.size(); cpu++) {
            out.append(cpu == 0 ? "" : ", ");
            if (numberCpus) {
                out.append("cpu").append(cpu).append('=');
            }
            out.append(text(typeId, values.get(cpu)));
        }
        return out.append(']').toString();
    }

    /** {@code 0a000001}: lowercase hex without prefix, cut as {@link #cuttingHexAfter} says; {@code (empty)} for no bytes. */
    public String hex(byte[] bytes) {
        if (bytes.length == 0) {
            return "(empty)";
        }
        int shown = Math.min(bytes.length, maxHexBytes);
        StringBuilder out = new StringBuilder(2 * shown + 3);
        for (int i = 0; i < shown; i++) {
            out.append(Character.forDigit(bytes[i] >> 4 & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return bytes.length > shown ? out.append("...").toString() : out.toString();
    }

    /** Renders through the type, as {@link Btf#format(int, byte[])} describes; strict: throws where {@link #btfText} is empty. */
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
