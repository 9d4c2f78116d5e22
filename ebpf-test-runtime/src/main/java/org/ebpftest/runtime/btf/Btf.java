package org.ebpftest.runtime.btf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import org.ebpftest.runtime.MalformedObjectException;

/**
 * The BTF type information of an object (its {@code .BTF} section): every type by id, lookups by
 * name, sizes, C-like names, and rendering of raw values through their types. Immutable.
 */
public final class Btf {
    /** How deep chains of typedefs, qualifiers and nested types may go before the blob counts as cyclic. */
    static final int MAX_DEPTH = 64;

    private final List<BtfType> types;
    private final BtfWire.Strings strings;
    private final ByteOrder order;
    private final byte[] wire;
    /** Types by name without {@code ___flavour} suffix, built on first use (a kernel's BTF has 126,000 types). */
    private volatile Map<String, List<BtfType>> byEssentialName;

    Btf(List<BtfType> types, BtfWire.Strings strings, ByteOrder order, byte[] wire) {
        this.types = Collections.unmodifiableList(new ArrayList<>(types));
        this.strings = strings;
        this.order = order;
        this.wire = wire;
    }

    /**
     * A model built from types rather than parsed, little-endian: the emulated kernel's own types
     * ({@link KernelStructs}). It has no wire form ({@link #wireBytes()} throws).
     */
    static Btf ofTypes(List<BtfType> types) {
        return new Btf(types, null, ByteOrder.LITTLE_ENDIAN, null);
    }

    /**
     * Parses a {@code .BTF} blob; its byte order is read from the magic number.
     *
     * @throws MalformedObjectException naming the type at fault
     */
    public static Btf parse(byte[] data) {
        return BtfWire.decode(data.clone());
    }

    /** The byte order of the blob, which is that of the object it came from. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** Every type, indexed by id; index 0 is void. */
    public List<BtfType> types() {
        return types;
    }

    /**
     * The type with an id.
     *
     * @throws MalformedObjectException if no type has that id
     */
    public BtfType type(int id) {
        if (id < 0 || id >= types.size()) {
            throw new MalformedObjectException("BTF type id " + (id & 0xffffffffL) + " does not exist (" + types.size() + " types)");
        }
        return types.get(id);
    }

    /** The first type with a name and kind, if any. */
    public Optional<BtfType> find(String name, BtfKind kind) {
        for (BtfType t : types) {
            if (t.kind() == kind && t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The named types whose name, without any {@code ___flavour} suffix, is the one given, in id
     * order: the candidates libbpf considers for a local type of that essential name.
     */
    List<BtfType> withEssentialName(String essentialName) {
        Map<String, List<BtfType>> index = byEssentialName;
        if (index == null) {
            index = new HashMap<>();
            for (BtfType t : types) {
                if (!t.name().isEmpty()) {
                    index.computeIfAbsent(essentialName(t.name()), k -> new ArrayList<>(1)).add(t);
                }
            }
            byEssentialName = index;
        }
        return index.getOrDefault(essentialName, List.of());
    }

    /** A name without its {@code ___flavour} suffix, as libbpf's {@code bpf_core_essential_name_len} cuts it. */
    static String essentialName(String name) {
        // the last "X___Y" where neither X nor Y is an underscore: "nf_conn___local" is "nf_conn",
        // "a____b" and "___x" keep their names
        for (int i = name.length() - 5; i >= 0; i--) {
            if (name.charAt(i) != '_' && name.startsWith("___", i + 1) && name.charAt(i + 4) != '_') {
                return name.substring(0, i + 1);
            }
        }
        return name;
    }

    /** Every type with a name, in id order. */
    public List<BtfType> findAll(String name) {
        List<BtfType> out = new ArrayList<>();
        for (BtfType t : types) {
            if (t.name().equals(name)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The type behind typedefs, qualifiers and type tags. */
    public BtfType resolve(int id) {
        BtfType t = type(id);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            int next = skippable(t);
            if (next < 0) {
                return t;
            }
            t = type(next);
        }
        throw new MalformedObjectException("BTF type " + id + ": chain of typedefs and qualifiers is too deep or cyclic");
    }

    /** The type a typedef, qualifier or type tag stands for, or -1 for any other type. */
    static int skippable(BtfType t) {
        if (t instanceof BtfType.Typedef td) {
            return td.type();
        }
        if (t instanceof BtfType.Qualifier q) {
            return q.type();
        }
        if (t instanceof BtfType.TypeTag tt) {
            return tt.type();
        }
        return -1;
    }

    /**
     * The size in bytes of a value of a type, as {@code sizeof} would give it.
     *
     * @throws MalformedObjectException for a type without a size (void, functions, forward declarations)
     */
    public long sizeOf(int id) {
        return sizeOf(id, 0);
    }

    private long sizeOf(int id, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedObjectException("BTF type " + id + ": nesting too deep or cyclic");
        }
        BtfType t = resolve(id);
        if (t instanceof BtfType.Pointer) {
            return 8;
        }
        if (t instanceof BtfType.Var v) {
            return sizeOf(v.type(), depth + 1);
        }
        if (t instanceof BtfType.ArrayType a) {
            return (a.count() & 0xffffffffL) * sizeOf(a.element(), depth + 1);
        }
        int size = ownSize(t);
        if (size < 0 && !(t instanceof BtfType.Datasec)) {
            throw new MalformedObjectException("BTF type " + id + " (" + t.kind() + ") has no size");
        }
        return size & 0xffffffffL;
    }

    /** The size field of the kinds that have one, or -1. */
    private static int ownSize(BtfType t) {
        if (t instanceof BtfType.IntType i) {
            return i.size();
        }
        if (t instanceof BtfType.Composite c) {
            return c.size();
        }
        if (t instanceof BtfType.EnumType e) {
            return e.size();
        }
        if (t instanceof BtfType.FloatType f) {
            return f.size();
        }
        if (t instanceof BtfType.Datasec d) {
            return d.size();
        }
        return -1;
    }

    /** A C-like name for a type: {@code struct counters}, {@code __u32}, {@code char *}, {@code int[4]}. */
    public String typeName(int id) {
        return typeName(id, 0);
    }

    private String typeName(int id, int depth) {
        if (depth > MAX_DEPTH || id < 0 || id >= types.size()) {
            return "?";
        }
        BtfType t = types.get(id);
        if (t instanceof BtfType.Void) {
            return "void";
        }
        if (t instanceof BtfType.Composite || t instanceof BtfType.EnumType) {
            return t.kind().name().toLowerCase(Locale.ROOT).replace("64", "") + " " + (t.name().isEmpty() ? "(anon)" : t.name());
        }
        if (t instanceof BtfType.Fwd f) {
            return (f.union() ? "union " : "struct ") + f.name();
        }
        if (t instanceof BtfType.Pointer p) {
            return typeName(p.target(), depth + 1) + " *";
        }
        if (t instanceof BtfType.ArrayType a) {
            return typeName(a.element(), depth + 1) + "[" + (a.count() & 0xffffffffL) + "]";
        }
        if (t instanceof BtfType.Qualifier q) {
            return q.kind().name().toLowerCase(Locale.ROOT) + " " + typeName(q.type(), depth + 1);
        }
        if (t instanceof BtfType.FuncProto fp) {
            return typeName(fp.returnType(), depth + 1) + " (*)(...)";
        }
        return t.name();
    }

    /**
     * Renders a value's bytes through its type: structs as {@code {pkts=1, bytes=74}}, arrays as
     * {@code [1, 2]}, chars arrays as strings, enums by name where a value has one.
     *
     * @throws IllegalArgumentException if the bytes are fewer than the type's size
     */
    public String format(int typeId, byte[] value) {
        return ValueFormatter.of(this).format(typeId, value);
    }

    /** The string at an offset of the string section. */
    String string(int offset) {
        return strings.at(offset);
    }

    /** A copy of this blob with one type replaced by another of the same id. */
    public Btf replacing(BtfType replacement) {
        List<BtfType> copy = new ArrayList<>(types);
        type(replacement.id());
        copy.set(replacement.id(), replacement);
        return new Btf(copy, strings, order, wire);
    }

    /**
     * The blob in the wire format, as the kernel's BPF_BTF_LOAD takes it: the bytes it was parsed
     * from, with every {@code DATASEC}'s size and variable offsets as this model has them, sorted by
     * offset. clang leaves those at 0 for the loader to fill from the ELF sections and symbols, as
     * libbpf does before loading, and the kernel refuses a {@code DATASEC} of size 0.
     */
    public byte[] wireBytes() {
        if (wire == null) {
            throw new IllegalStateException("a BTF model built from types has no wire form");
        }
        return BtfWire.withDatasecs(wire, order, types);
    }

    @Override
    public String toString() {
        return "Btf[" + (types.size() - 1) + " types]";
    }
}
