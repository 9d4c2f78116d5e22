package org.ebpftest.runtime.elf;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Reads map declarations: legacy {@code struct bpf_map_def} in {@code maps} (iproute2's 36-byte
 * {@code struct bpf_elf_map} among them), BTF-defined maps in {@code .maps}, and the arrays libbpf
 * makes for global-data sections.
 */
final class MapReader {
    private static final int LEGACY_MIN_SIZE = 16;
    private static final int ID_SIZE = 4;
    /** {@code struct bpf_elf_map}: type, key and value sizes, max entries, flags, id, pinning, inner id, inner index. */
    static final int ELF_MAP_SIZE = 36;

    /** A map with where it was declared, so relocations can find it. */
    record Declared(MapSpec.Builder builder, String name, int section, long offset, long size, long valuesOffset) {
        boolean contains(long at) {
            return at >= offset && at - offset < size;
        }
    }

    /**
     * The identity fields of an iproute2 {@code struct bpf_elf_map}: its {@code id}, by which
     * {@code ID/SLOT} tail-call sections and maps of maps refer to it, and for an inner map the
     * {@code inner_id} and {@code inner_idx} that place it.
     */
    record ElfMapIds(Declared map, MapType type, int id, int innerId, int innerIdx) {
    }

    private final ElfFile elf;
    private final Btf btf;
    private final List<ElfMapIds> elfMapIds = new ArrayList<>();

    MapReader(ElfFile elf, Btf btf) {
        this.elf = elf;
        this.btf = btf;
    }

    List<Declared> legacy(ElfFile.Section sec) {
        List<ElfFile.Symbol> symbols = symbolsIn(sec);
        List<Declared> out = new ArrayList<>();
        if (symbols.isEmpty()) {
            return out;
        }
        long defSize = sec.size() / symbols.size();
        if (defSize < LEGACY_MIN_SIZE || sec.size() % symbols.size() != 0) {
            throw new MalformedObjectException(sec + ": " + symbols.size() + " maps in " + Long.toUnsignedString(sec.size()) + " bytes is not a whole map definition each");
        }
        byte[] data = elf.contents(sec);
        for (ElfFile.Symbol sym : symbols) {
            String what = sec + ": map \"" + sym.name() + "\"";
            if (sym.value() < 0 || sym.value() % defSize != 0 || sym.value() + defSize > data.length) {
                throw new MalformedObjectException(what + ": offset " + Long.toUnsignedString(sym.value()) + " is not a definition boundary");
            }
            int at = (int) sym.value();
            int rawType = u32(data, at);
            MapSpec.Builder b = MapSpec.builder(sym.name(), mapType(rawType, what)).sectionName(sec.name())
                    .keySize(u32(data, at + 4)).valueSize(u32(data, at + 8)).maxEntries(u32(data, at + 12));
            if (defSize >= 20) {
                b.flags(u32(data, at + 16));
            }
            Declared d = new Declared(b, sym.name(), sec.index(), sym.value(), defSize, -1);
            if (defSize == ELF_MAP_SIZE) {
                // iproute2's layout: fields 5 to 8 are id, pinning, inner_id, inner_idx (no numa_node)
                b.pinning(Pinning.ofElfMap(u32(data, at + 24) & 0xffffffffL));
                elfMapIds.add(new ElfMapIds(d, mapType(rawType, what), u32(data, at + 20), u32(data, at + 28), u32(data, at + 32)));
            } else if (defSize >= 28) {
                b.numaNode(u32(data, at + 24));
            }
            out.add(d);
        }
        return out;
    }

    /** The iproute2 identities of the legacy maps read so far, in declaration order. */
    List<ElfMapIds> elfMapIds() {
        return elfMapIds;
    }

    List<Declared> btfDefined(ElfFile.Section sec) {
        if (btf == null) {
            throw new MalformedObjectException(sec + ": BTF-defined maps need a .BTF section");
        }
        BtfType.Datasec datasec = (BtfType.Datasec) btf.find(sec.name(), BtfKind.DATASEC)
                .orElseThrow(() -> new MalformedObjectException(sec + ": no DATASEC in BTF"));
        List<Declared> out = new ArrayList<>();
        for (BtfType.VarSecinfo vs : datasec.vars()) {
            BtfType t = btf.type(vs.type());
            if (!(t instanceof BtfType.Var var)) {
                throw new MalformedObjectException(sec + ": DATASEC entry is " + t.kind() + ", not VAR");
            }
            String what = sec + ": map \"" + var.name() + "\"";
            try {
                MapSpec.Builder b = definition(var.name(), var.type(), sec.name(), 0);
                long size = vs.size() & 0xffffffffL;
                for (ElfFile.Symbol sym : symbolsIn(sec)) {
                    if (sym.name().equals(var.name())) {
                        size = Math.max(size, sym.size());
                    }
                }
                out.add(new Declared(b, var.name(), sec.index(), vs.offset() & 0xffffffffL, size, valuesOffset(var.type())));
            } catch (MalformedObjectException e) {
                throw new MalformedObjectException(what + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Parses a map definition struct; {@code depth} is 1 for the inner map of a map of maps. */
    private MapSpec.Builder definition(String name, int typeId, String sectionName, int depth) {
        BtfType def = btf.resolve(typeId);
        if (!(def instanceof BtfType.StructType struct)) {
            throw new MalformedObjectException("definition is " + def.kind() + ", not a struct");
        }
        Long type = null;
        long keySize = -1;
        long valueSize = -1;
        long maxEntries = 0;
        long flags = 0;
        long numaNode = 0;
        long mapExtra = 0;
        Pinning pinning = Pinning.NONE;
        int keyType = 0;
        int valueType = 0;
        MapSpec inner = null;
        boolean programValues = false;
        for (BtfType.Member m : struct.members()) {
            switch (m.name()) {
                case "type" -> type = number(m);
                case "max_entries" -> maxEntries = number(m);
                case "map_flags" -> flags = number(m);
                case "numa_node" -> numaNode = number(m);
                case "map_extra" -> mapExtra = number(m);
                case "key_size" -> keySize = sameSize(keySize, number(m), "key");
                case "value_size" -> valueSize = sameSize(valueSize, number(m), "value");
                case "pinning" -> {
                    long p = number(m);
                    pinning = Pinning.of(p);
                    if (pinning == null) {
                        throw new MalformedObjectException("unknown pinning " + p);
                    }
                }
                case "key" -> {
                    keyType = pointee(m);
                    keySize = sameSize(keySize, btf.sizeOf(keyType), "key");
                }
                case "value" -> {
                    valueType = pointee(m);
                    valueSize = sameSize(valueSize, btf.sizeOf(valueType), "value");
                }
                case "values" -> {
                    if (depth > 0) {
                        throw new MalformedObjectException("inner map has values of its own");
                    }
                    BtfType arr = btf.resolve(m.type());
                    if (!(arr instanceof BtfType.ArrayType a) || !(btf.resolve(a.element()) instanceof BtfType.Pointer p)) {
                        throw new MalformedObjectException("values must be an array of pointers");
                    }
                    BtfType target = btf.resolve(p.target());
                    if (target instanceof BtfType.FuncProto) {
                        programValues = true;
                    } else {
                        inner = definition(name + ".inner", p.target(), sectionName, depth + 1).build();
                    }
                    valueSize = sameSize(valueSize, ID_SIZE, "value");
                }
                default -> throw new MalformedObjectException("unknown field \"" + m.name() + "\"");
            }
        }
        if (type == null) {
            throw new MalformedObjectException("no map type");
        }
        MapType mapType = mapType(type, "");
        if (programValues && mapType != MapType.PROG_ARRAY) {
            throw new MalformedObjectException("values of programs in a " + mapType + " map");
        }
        if (inner != null && mapType != MapType.ARRAY_OF_MAPS && mapType != MapType.HASH_OF_MAPS) {
            throw new MalformedObjectException("values of maps in a " + mapType + " map");
        }
        return MapSpec.builder(name, mapType).sectionName(sectionName).keySize(toInt(Math.max(0, keySize), "key size"))
                .valueSize(toInt(Math.max(0, valueSize), "value size")).maxEntries(toInt(maxEntries, "max_entries"))
                .flags(toInt(flags, "map_flags")).numaNode(toInt(numaNode, "numa_node")).mapExtra(mapExtra).pinning(pinning)
                .innerMap(inner).btfTypes(keyType, valueType);
    }

    /** The byte offset of the {@code values} member of a map definition, or -1. */
    private long valuesOffset(int typeId) {
        if (btf.resolve(typeId) instanceof BtfType.StructType struct) {
            for (BtfType.Member m : struct.members()) {
                if (m.name().equals("values")) {
                    return m.bitOffset() / 8;
                }
            }
        }
        return -1;
    }

    /** A number declared as {@code __uint(name, N)}: a pointer to an array of N elements, or a one-value enum. */
    private long number(BtfType.Member m) {
        BtfType t = btf.resolve(m.type());
        if (t instanceof BtfType.Pointer p && btf.resolve(p.target()) instanceof BtfType.ArrayType a) {
            return a.count() & 0xffffffffL;
        }
        if (t instanceof BtfType.EnumType e && e.values().size() == 1) {
            return e.values().get(0).value();
        }
        throw new MalformedObjectException("field \"" + m.name() + "\" is not declared with __uint");
    }

    private int pointee(BtfType.Member m) {
        if (btf.resolve(m.type()) instanceof BtfType.Pointer p) {
            return p.target();
        }
        throw new MalformedObjectException("field \"" + m.name() + "\" is not declared with __type");
    }

    private static long sameSize(long earlier, long now, String what) {
        if (earlier >= 0 && earlier != now) {
            throw new MalformedObjectException(what + " size " + now + " conflicts with " + earlier);
        }
        return now;
    }

    private static int toInt(long v, String what) {
        if (v < 0 || v > 0xffffffffL) {
            throw new MalformedObjectException(what + " " + v + " does not fit 32 bits");
        }
        return (int) v;
    }

    private static MapType mapType(long raw, String what) {
        MapType t = raw >= 0 && raw <= Integer.MAX_VALUE ? MapType.of((int) raw) : null;
        if (t == null || t == MapType.UNSPEC) {
            throw new MalformedObjectException((what.isEmpty() ? "" : what + ": ") + "unknown map type " + raw);
        }
        return t;
    }

    /** The single-entry array holding a global-data section. */
    Declared globalData(ElfFile.Section sec) {
        boolean readOnly = sec.name().equals(".rodata") || sec.name().startsWith(".rodata.");
        long size = sec.size();
        if (size > Integer.MAX_VALUE) {
            throw new MalformedObjectException(sec + ": size " + Long.toUnsignedString(size) + " is too large");
        }
        int datasec = 0;
        if (btf != null) {
            datasec = btf.find(sec.name(), BtfKind.DATASEC).map(BtfType::id).orElse(0);
        }
        MapSpec.Builder b = MapSpec.builder(sec.name(), MapType.ARRAY).sectionName(sec.name()).keySize(4)
                .valueSize((int) size).maxEntries(1).flags(MapSpec.F_MMAPABLE | (readOnly ? MapSpec.F_RDONLY_PROG : 0))
                .frozen(readOnly).initialData(elf.contents(sec)).btfTypes(0, datasec);
        return new Declared(b, sec.name(), sec.index(), 0, size, -1);
    }

    /** Named data symbols of a section, in offset order. */
    private List<ElfFile.Symbol> symbolsIn(ElfFile.Section sec) {
        List<ElfFile.Symbol> out = new ArrayList<>();
        for (ElfFile.Symbol s : elf.symbols()) {
            if (s.section() == sec.index() && s.type() != ElfFile.STT_SECTION && !s.name().isEmpty()) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(ElfFile.Symbol::value));
        return out;
    }

    private int u32(byte[] b, int at) {
        boolean big = elf.order() == ByteOrder.BIG_ENDIAN;
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (b[at + i] & 0xff) << (big ? (3 - i) * 8 : i * 8);
        }
        return v;
    }
}
