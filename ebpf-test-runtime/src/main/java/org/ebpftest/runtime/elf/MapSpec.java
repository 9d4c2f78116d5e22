package org.ebpftest.runtime.elf;

import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ebpftest.runtime.uapi.MapType;

/**
 * A map as an object declares it: BTF-defined in {@code .maps}, legacy in {@code maps}, or one of
 * the single-entry arrays libbpf makes for global data ({@code .data}, {@code .rodata}, {@code .bss}
 * and their {@code .data.*}/{@code .rodata.*} relatives). Immutable; creating the map is the
 * emulator's work.
 */
public final class MapSpec {
    /** {@code BPF_F_RDONLY_PROG}: programs may only read the map. */
    public static final int F_RDONLY_PROG = 1 << 7;
    /** {@code BPF_F_MMAPABLE}: user space may map the array's memory. */
    public static final int F_MMAPABLE = 1 << 10;

    private final String name;
    private final String sectionName;
    private final MapType type;
    private final int keySize;
    private final int valueSize;
    private final int maxEntries;
    private final int flags;
    private final long mapExtra;
    private final Pinning pinning;
    private final int numaNode;
    private final MapSpec innerMap;
    private final byte[] initialData;
    private final boolean frozen;
    private final SortedMap<Integer, String> initialReferences;
    private final int btfKeyTypeId;
    private final int btfValueTypeId;

    private MapSpec(Builder b) {
        this.name = b.name;
        this.sectionName = b.sectionName;
        this.type = b.type;
        this.keySize = b.keySize;
        this.valueSize = b.valueSize;
        this.maxEntries = b.maxEntries;
        this.flags = b.flags;
        this.mapExtra = b.mapExtra;
        this.pinning = b.pinning;
        this.numaNode = b.numaNode;
        this.innerMap = b.innerMap;
        this.initialData = b.initialData == null ? null : b.initialData.clone();
        this.frozen = b.frozen;
        this.initialReferences = Collections.unmodifiableSortedMap(new TreeMap<>(b.initialReferences));
        this.btfKeyTypeId = b.btfKeyTypeId;
        this.btfValueTypeId = b.btfValueTypeId;
    }

    /** A builder for a map of a name and type; the other fields start at 0 or none. */
    public static Builder builder(String name, MapType type) {
        return new Builder(name, type);
    }

    /** A builder holding this map's fields, to make a map that differs in some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(name, type).sectionName(sectionName).keySize(keySize).valueSize(valueSize).maxEntries(maxEntries)
                .flags(flags).mapExtra(mapExtra).pinning(pinning).numaNode(numaNode).innerMap(innerMap).initialData(initialData)
                .frozen(frozen).btfTypes(btfKeyTypeId, btfValueTypeId);
        initialReferences.forEach(b::initialReference);
        return b;
    }

    /** The map's name: the variable's name, or the section name for global data such as {@code .bss}. */
    public String name() {
        return name;
    }

    /**
     * The name {@code bpftool map show} gives the map: the same as {@link #name()} except for global
     * data in {@code .data}, {@code .rodata} and {@code .bss}, which libbpf prefixes with up to eight
     * characters of the object's name ({@code xdp_fw.bss}). Section names with a second dot keep no prefix.
     *
     * @param objectName the object's file name, such as {@code xdp_fw.o}
     */
    public String kernelName(String objectName) {
        if (!isGlobalData()) {
            return name.length() > 15 ? name.substring(0, 15) : name;
        }
        String obj = objectName.substring(objectName.lastIndexOf('/') + 1);
        int dot = obj.indexOf('.');
        obj = dot < 0 ? obj : obj.substring(0, dot);
        int suffix = Math.max(7, name.length());
        int prefix = name.indexOf('.', 1) >= 0 ? 0 : Math.max(0, Math.min(15 - suffix, obj.length()));
        String full = obj.substring(0, prefix) + name;
        String kernel = full.length() > 15 ? full.substring(0, 15) : full;
        return kernel.replaceAll("[^A-Za-z0-9_.]", "_");
    }

    /** The ELF section the map was declared in: {@code .maps}, {@code maps}, or the global-data section. */
    public String sectionName() {
        return sectionName;
    }

    /** True for the array holding a global-data section. */
    public boolean isGlobalData() {
        return !sectionName.equals(".maps") && !sectionName.equals("maps");
    }

    /** The map type. */
    public MapType type() {
        return type;
    }

    /** The key size in bytes. */
    public int keySize() {
        return keySize;
    }

    /** The value size in bytes (4 for program arrays and maps of maps, whose values are ids). */
    public int valueSize() {
        return valueSize;
    }

    /** The maximum number of entries. */
    public int maxEntries() {
        return maxEntries;
    }

    /** The {@code BPF_F_*} flags the map is created with. */
    public int flags() {
        return flags;
    }

    /** The type-specific extra value ({@code map_extra}), such as a bloom filter's number of hashes. */
    public long mapExtra() {
        return mapExtra;
    }

    /** Whether the map asks to be pinned. */
    public Pinning pinning() {
        return pinning;
    }

    /** The NUMA node asked for, 0 when none. */
    public int numaNode() {
        return numaNode;
    }

    /** For a map of maps, the template every inner map follows. */
    public Optional<MapSpec> innerMap() {
        return Optional.ofNullable(innerMap);
    }

    /** The bytes the single value starts with, for global data; a copy. */
    public Optional<byte[]> initialData() {
        return Optional.ofNullable(initialData).map(byte[]::clone);
    }

    /** True when the map is frozen after its initial data is written ({@code .rodata}). */
    public boolean frozen() {
        return frozen;
    }

    /**
     * Static initialisation of a program array or map of maps: slot to the name of the program or
     * map put there when the map is created.
     */
    public SortedMap<Integer, String> initialReferences() {
        return initialReferences;
    }

    /** The BTF type id of the key in the object's BTF, or 0 when the map has none. */
    public int btfKeyTypeId() {
        return btfKeyTypeId;
    }

    /** The BTF type id of the value (for global data, the section's {@code DATASEC}), or 0 when none. */
    public int btfValueTypeId() {
        return btfValueTypeId;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MapSpec m)) {
            return false;
        }
        return name.equals(m.name) && sectionName.equals(m.sectionName) && type == m.type && keySize == m.keySize
                && valueSize == m.valueSize && maxEntries == m.maxEntries && flags == m.flags && mapExtra == m.mapExtra
                && pinning == m.pinning && numaNode == m.numaNode && Objects.equals(innerMap, m.innerMap)
                && Arrays.equals(initialData, m.initialData) && frozen == m.frozen
                && initialReferences.equals(m.initialReferences) && btfKeyTypeId == m.btfKeyTypeId
                && btfValueTypeId == m.btfValueTypeId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sectionName, type, keySize, valueSize, maxEntries);
    }

    @Override
    public String toString() {
        return "MapSpec[" + name + ": " + type + " key " + keySize + "B value " + valueSize + "B max_entries " + maxEntries
                + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "") + "]";
    }

    /** Collects a map's fields. */
    public static final class Builder {
        private final String name;
        private final MapType type;
        private String sectionName = ".maps";
        private int keySize;
        private int valueSize;
        private int maxEntries;
        private int flags;
        private long mapExtra;
        private Pinning pinning = Pinning.NONE;
        private int numaNode;
        private MapSpec innerMap;
        private byte[] initialData;
        private boolean frozen;
        private final SortedMap<Integer, String> initialReferences = new TreeMap<>();
        private int btfKeyTypeId;
        private int btfValueTypeId;

        private Builder(String name, MapType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** The section the map was declared in; {@code .maps} by default. */
        public Builder sectionName(String value) {
            this.sectionName = Objects.requireNonNull(value, "sectionName");
            return this;
        }

        /** The key size in bytes. */
        public Builder keySize(int value) {
            this.keySize = value;
            return this;
        }

        /** The value size in bytes. */
        public Builder valueSize(int value) {
            this.valueSize = value;
            return this;
        }

        /** The maximum number of entries. */
        public Builder maxEntries(int value) {
            this.maxEntries = value;
            return this;
        }

        /** The {@code BPF_F_*} flags. */
        public Builder flags(int value) {
            this.flags = value;
            return this;
        }

        /** The type-specific extra value. */
        public Builder mapExtra(long value) {
            this.mapExtra = value;
            return this;
        }

        /** The pinning asked for. */
        public Builder pinning(Pinning value) {
            this.pinning = Objects.requireNonNull(value, "pinning");
            return this;
        }

        /** The NUMA node asked for. */
        public Builder numaNode(int value) {
            this.numaNode = value;
            return this;
        }

        /** The inner map template of a map of maps. */
        public Builder innerMap(MapSpec value) {
            this.innerMap = value;
            return this;
        }

        /** The initial bytes of the single value of a global-data array. */
        public Builder initialData(byte[] value) {
            this.initialData = value == null ? null : value.clone();
            return this;
        }

        /** Whether the map is frozen once written. */
        public Builder frozen(boolean value) {
            this.frozen = value;
            return this;
        }

        /** A program or map put at a slot when the map is created. */
        public Builder initialReference(int slot, String target) {
            this.initialReferences.put(slot, Objects.requireNonNull(target, "target"));
            return this;
        }

        /** The BTF type ids of key and value, 0 for none. */
        public Builder btfTypes(int keyTypeId, int valueTypeId) {
            this.btfKeyTypeId = keyTypeId;
            this.btfValueTypeId = valueTypeId;
            return this;
        }

        /** The map. */
        public MapSpec build() {
            return new MapSpec(this);
        }
    }
}
