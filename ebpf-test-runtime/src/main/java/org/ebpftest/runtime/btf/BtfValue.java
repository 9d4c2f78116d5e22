package org.ebpftest.runtime.btf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Bytes seen through their BTF type, such as a map value or a data section:
 * {@code value.field("pkts").asLong()},
 * {@code value.field("addr").index(2)}, and {@code toString()} as {@code {pkts=1, bytes=74}}.
 * Typedefs and qualifiers are looked through. Little-endian, as programs on x86 and arm64 see it.
 * Immutable; the bytes are copied.
 */
public final class BtfValue {
    private final Btf btf;
    private final int typeId;
    private final byte[] bytes;
    private final int bitOffset;
    private final int bitSize;

    private BtfValue(Btf btf, int typeId, byte[] bytes, int bitOffset, int bitSize) {
        this.btf = btf;
        this.typeId = typeId;
        this.bytes = bytes;
        this.bitOffset = bitOffset;
        this.bitSize = bitSize;
    }

    /**
     * A view of {@code bytes} as the type with id {@code typeId} of {@code btf}.
     *
     * @throws IllegalArgumentException if there are fewer bytes than the type's size
     */
    public static BtfValue of(Btf btf, int typeId, byte[] bytes) {
        Objects.requireNonNull(btf, "btf");
        long size = btf.sizeOf(typeId);
        if (bytes.length < size) {
            throw new IllegalArgumentException(bytes.length + " bytes are too few for " + btf.typeName(typeId) + " (" + size + " bytes)");
        }
        return new BtfValue(btf, typeId, bytes.clone(), 0, 0);
    }

    /** The type's name as C spells it, such as {@code struct counters}. */
    public String typeName() {
        return btf.typeName(typeId);
    }

    /** The value's bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The member of a struct or union with that name; members of anonymous nested structs and
     * unions are found too.
     *
     * @throws IllegalArgumentException naming the members there are, if none has that name
     */
    public BtfValue field(String name) {
        BtfType t = btf.resolve(typeId);
        if (t instanceof BtfType.Datasec section) {
            return variable(section, name);
        }
        if (!(t instanceof BtfType.Composite composite)) {
            throw new IllegalArgumentException(typeName() + " has no fields; field(\"" + name + "\") needs a struct or union");
        }
        BtfValue found = findField(composite, name, 0);
        if (found == null) {
            throw new IllegalArgumentException(typeName() + " has no field \"" + name + "\"; fields: " + fieldNames(composite));
        }
        return found;
    }

    /** A global variable of a data section ({@code .bss}, {@code .data}, {@code .rodata}) by name. */
    private BtfValue variable(BtfType.Datasec section, String name) {
        List<String> names = new ArrayList<>();
        for (BtfType.VarSecinfo v : section.vars()) {
            if (btf.type(v.type()) instanceof BtfType.Var var) {
                if (var.name().equals(name)) {
                    return new BtfValue(btf, var.type(), Arrays.copyOfRange(bytes, v.offset(), v.offset() + v.size()), 0, 0);
                }
                names.add(var.name());
            }
        }
        throw new IllegalArgumentException(typeName() + " has no variable \"" + name + "\"; variables: " + names);
    }

    private BtfValue findField(BtfType.Composite composite, String name, int baseBits) {
        for (BtfType.Member m : composite.members()) {
            int bits = baseBits + m.bitOffset();
            if (m.name().equals(name)) {
                return member(m.type(), bits, m.bitfieldSize());
            }
            if (m.name().isEmpty() && btf.resolve(m.type()) instanceof BtfType.Composite nested) {
                BtfValue inner = findField(nested, name, bits);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private BtfValue member(int type, int bits, int bitfieldSize) {
        if (bitfieldSize > 0) {
            int firstByte = bits / 8;
            int span = (bits % 8 + bitfieldSize + 7) / 8;
            return new BtfValue(btf, type, Arrays.copyOfRange(bytes, firstByte, firstByte + span), bits % 8, bitfieldSize);
        }
        int start = bits / 8;
        int size = (int) btf.sizeOf(type);
        return new BtfValue(btf, type, Arrays.copyOfRange(bytes, start, start + size), 0, 0);
    }

    /** The element at an index of an array. */
    public BtfValue index(int i) {
        if (!(btf.resolve(typeId) instanceof BtfType.ArrayType array)) {
            throw new IllegalArgumentException(typeName() + " is not an array");
        }
        if (i < 0 || i >= array.count()) {
            throw new IllegalArgumentException("index " + i + " is outside " + typeName() + " (" + array.count() + " elements)");
        }
        int size = (int) btf.sizeOf(array.element());
        return new BtfValue(btf, array.element(), Arrays.copyOfRange(bytes, i * size, (i + 1) * size), 0, 0);
    }

    /** An integer, enum or bitfield as a number, sign-extended when its type is signed. */
    public long asLong() {
        BtfType t = btf.resolve(typeId);
        boolean signed;
        int size;
        if (t instanceof BtfType.IntType i) {
            signed = i.signed();
            size = i.size();
        } else if (t instanceof BtfType.EnumType e) {
            signed = e.signed();
            size = e.size();
        } else if (t instanceof BtfType.Pointer) {
            signed = false;
            size = 8;
        } else {
            throw new IllegalArgumentException(typeName() + " is not a number");
        }
        int bits = bitSize > 0 ? bitSize : size * 8;
        long raw = 0;
        for (int b = Math.min(bytes.length, 8) - 1; b >= 0; b--) {
            raw = raw << 8 | (bytes[b] & 0xff);
        }
        raw >>>= bitOffset;
        if (bits < 64) {
            raw &= (1L << bits) - 1;
            if (signed && (raw & (1L << (bits - 1))) != 0) {
                raw |= -1L << bits;
            }
        }
        return raw;
    }

    /** The value as C-like text, such as {@code {pkts=1, bytes=74}}. */
    @Override
    public String toString() {
        if (bitSize > 0) {
            return Long.toString(asLong());
        }
        return btf.format(typeId, bytes);
    }

    private List<String> fieldNames(BtfType.Composite composite) {
        List<String> names = new ArrayList<>();
        for (BtfType.Member m : composite.members()) {
            if (!m.name().isEmpty()) {
                names.add(m.name());
            } else if (btf.resolve(m.type()) instanceof BtfType.Composite nested) {
                names.addAll(fieldNames(nested));
            }
        }
        return names;
    }
}
