package org.ebpftest.assertions;

import java.util.List;
import java.util.stream.Collectors;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.ValueFormatter;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;

/**
 * What a map assertion knows about the types of a map's keys and values: nothing, so that they
 * print as hex, or their BTF types, so that they print as {@code {pkts=1, bytes=74}} and a value's
 * fields can be read by name.
 */
final class MapTypes {

    /** How many bytes of hex a message shows before it cuts. */
    private static final int MAX_HEX_BYTES = 64;

    /** Keys and values without type, as failure messages print them: hex cut after 64 bytes. */
    private static final ValueFormatter HEX = ValueFormatter.HEX.cuttingHexAfter(MAX_HEX_BYTES);

    /** No type information: keys and values print as hex. */
    static final MapTypes RAW = new MapTypes(null, 0, 0);

    private final Btf btf;
    private final int keyType;
    private final int valueType;
    private final ValueFormatter format;

    private MapTypes(Btf btf, int keyType, int valueType) {
        this.btf = btf;
        this.keyType = keyType;
        this.valueType = valueType;
        this.format = btf == null ? HEX : ValueFormatter.of(btf).cuttingHexAfter(MAX_HEX_BYTES);
    }

    /**
     * The BTF types {@code object} declares for one of its maps; {@link #RAW} when the object has no BTF.
     *
     * @throws IllegalArgumentException if {@code map} is not one of the object's maps
     */
    static MapTypes of(BpfMap map, LoadedObject object) {
        Args.notNull("map", map);
        Args.notNull("loaded object", object);
        if (object.findMap(map.name()).orElse(null) != map) {
            throw new IllegalArgumentException("map \"" + map.name() + "\" is not a map of " + object.spec().fileName()
                    + "; its maps: " + object.maps().keySet());
        }
        MapSpec spec = object.spec().map(map.name());
        return object.spec().btf().map(b -> new MapTypes(b, spec.btfKeyTypeId(), spec.btfValueTypeId())).orElse(RAW);
    }

    /** A key as its BTF type prints it, else as hex. */
    String key(byte[] key) {
        return format.text(keyType, key);
    }

    /** A value as its BTF type prints it, else as hex. */
    String value(byte[] value) {
        return format.text(valueType, value);
    }

    /** One value, or the values of every CPU of a per-CPU map: {@code [cpu0=1, cpu1=0]}. */
    String values(List<byte[]> values) {
        return format.perCpuText(valueType, values);
    }

    /** The entries of a map, one line each: {@code key=... value=...}. */
    String entries(BpfMap map, int max) {
        List<String> lines = map.entries().stream().limit(max)
                .map(e -> "key=" + key(e.key()) + " value=" + values(e.values())).collect(Collectors.toList());
        int more = map.size() - lines.size();
        if (more > 0) {
            lines.add("... and " + more + " more");
        }
        return lines.isEmpty() ? "  (none)" : lines.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    /** {@code 0a000001}: lowercase hex without prefix, cut after 64 bytes. */
    static String hex(byte[] bytes) {
        return HEX.hex(bytes);
    }

    /** True when values have a BTF type whose fields {@link #field} can read. */
    boolean hasValueType() {
        return btf != null && valueType != 0;
    }

    /**
     * Reads an integer field of a value by its name, or a dotted path into nested structs and
     * unions ({@code stats.pkts}); for global data the first name is a variable's. Integers and
     * enums are read as their C type says, unsigned ones zero-extended; a {@code __u64} above
     * {@code Long.MAX_VALUE} comes out negative, as Java has no wider type.
     *
     * @throws IllegalArgumentException if the value has no BTF type, no such field, or the field is not an integer
     */
    long field(byte[] value, String path) {
        Args.notNull("field name", path);
        if (!hasValueType()) {
            throw new IllegalArgumentException("field(\"" + path + "\") needs the map's BTF value type;"
                    + " use assertThat(map, loadedObject) with an object compiled with -g");
        }
        int type = valueType;
        long bitOffset = 0;
        String root = btf.typeName(valueType);
        String walked = "";
        for (String name : path.split("\\.", -1)) {
            BtfType t = btf.resolve(type);
            Located found = locate(t, name);
            if (found == null) {
                String where = walked.isEmpty() ? root : btf.typeName(type) + " (" + walked + ")";
                throw new IllegalArgumentException(where + " has no field \"" + name + "\"; its fields: " + fieldNames(t));
            }
            type = found.type;
            bitOffset += found.bitOffset;
            walked = walked.isEmpty() ? name : walked + "." + name;
            if (found.bitfieldSize != 0) {
                return bits(value, bitOffset, found.bitfieldSize, isSigned(btf.resolve(type)));
            }
        }
        String field = "field " + walked + " of " + root;
        BtfType t = btf.resolve(type);
        int at = (int) (bitOffset / 8);
        int size;
        if (t instanceof BtfType.IntType i) {
            size = i.size();
        } else if (t instanceof BtfType.EnumType e) {
            size = e.size();
        } else if (t instanceof BtfType.Pointer) {
            size = 8;
        } else {
            throw new IllegalArgumentException(field + " is " + btf.typeName(type) + ", not an integer;"
                    + " name one of its integer fields");
        }
        if (bitOffset % 8 != 0 || size > 8 || at + size > value.length) {
            throw new IllegalArgumentException(field + " (" + size + " bytes at bit " + bitOffset + ") does not fit a "
                    + value.length + "-byte value");
        }
        return bits(value, (long) at * 8, size * 8, isSigned(t));
    }

    private record Located(int type, long bitOffset, int bitfieldSize) {
    }

    private Located locate(BtfType t, String name) {
        if (t instanceof BtfType.Composite c) {
            for (BtfType.Member m : c.members()) {
                if (m.name().equals(name)) {
                    return new Located(m.type(), m.bitOffset(), m.bitfieldSize());
                }
            }
        } else if (t instanceof BtfType.Datasec d) {
            for (BtfType.VarSecinfo v : d.vars()) {
                BtfType var = btf.type(v.type());
                if (var.name().equals(name) && var instanceof BtfType.Var declared) {
                    return new Located(declared.type(), v.offset() * 8L, 0);
                }
            }
        }
        return null;
    }

    private String fieldNames(BtfType t) {
        if (t instanceof BtfType.Composite c) {
            return c.members().stream().map(BtfType.Member::name).collect(Collectors.joining(", ", "[", "]"));
        }
        if (t instanceof BtfType.Datasec d) {
            return d.vars().stream().map(v -> btf.type(v.type()).name()).collect(Collectors.joining(", ", "[", "]"));
        }
        return "none (not a struct)";
    }

    private static boolean isSigned(BtfType t) {
        return t instanceof BtfType.IntType i ? i.signed() : t instanceof BtfType.EnumType e && e.signed();
    }

    /** {@code width} bits at a bit offset of little-endian bytes, as BPF targets lay them out. */
    private static long bits(byte[] value, long bitOffset, int width, boolean signed) {
        long result = 0;
        for (int i = 0; i < width; i++) {
            long bit = bitOffset + i;
            int b = (int) (bit / 8);
            if (b < value.length && (value[b] >> (bit % 8) & 1) != 0) {
                result |= 1L << i;
            }
        }
        if (signed && width < 64 && (result >> (width - 1) & 1) != 0) {
            result |= -1L << width;
        }
        return result;
    }
}
