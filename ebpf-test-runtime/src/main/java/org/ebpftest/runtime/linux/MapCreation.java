package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpftest.runtime.InvalidProgramException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.maps.ArenaMap;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCreationException;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.ebpftest.runtime.linux.verifier.Verifier;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Creates an object's maps as libbpf does at load: each definition from its {@link MapSpec} (a perf
 * event array without {@code max_entries} sized to the CPUs, a spin lock found in the value's BTF),
 * the memory budget checked for all of them before any is created, global data written with its
 * initial or test-set values, and {@code .rodata*} frozen once written.
 */
final class MapCreation {
    private MapCreation() {
    }

    /** The maps of an object, as programs address them and by name in the object's order. */
    record Created(ObjectMaps objectMaps, Map<String, BpfMap> byName) {
    }

    /**
     * Creates the maps in the object's order.
     *
     * @param strict whether a map of a type that is not emulated refuses the load, instead of
     *     loading as a map whose every use fails (Linux creates it, and runs that do not use it do
     *     not need it)
     */
    static Created create(ObjectSpec spec, int cpus, GlobalData globals, long memoryBudget, boolean strict) {
        List<MapDefinition> definitions = spec.maps().stream().map(m -> definition(m, spec.btf(), cpus)).toList();
        long used = MemoryBudget.require(spec.fileName(), definitions.stream().filter(d -> strict || BpfMaps.isSupported(d.type())).toList(),
                cpus, memoryBudget);
        ObjectMaps objectMaps = new ObjectMaps(memoryBudget, used);
        Map<String, BpfMap> byName = new LinkedHashMap<>();
        for (int i = 0; i < definitions.size(); i++) {
            MapSpec m = spec.maps().get(i);
            MapDefinition def = definitions.get(i);
            BpfMap map = strict || BpfMaps.isSupported(def.type())
                    ? BpfMaps.create(def, cpus)
                    : BpfMaps.unsupported(def, cpus);
            if (map instanceof ArenaMap arena) {
                // libbpf copies the __arena globals into the arena's mapping, which allocates their pages
                m.initialData().ifPresent(bytes -> arenaGlobals(spec, arena, bytes));
            } else {
                globals.changedData(m.name()).or(m::initialData).ifPresent(bytes -> map.update(new byte[map.keySize()], bytes, 0));
            }
            objectMaps.add(map, new MapStructs.Facts(m.kernelName(spec.fileName()), m.btfKeyTypeId(), m.btfValueTypeId(), m.numaNode()));
            byName.put(m.name(), map);
        }
        return new Created(objectMaps, byName);
    }

    private static void arenaGlobals(ObjectSpec spec, ArenaMap arena, byte[] bytes) {
        long size = (long) arena.pageCount() * ArenaMap.PAGE_SIZE;
        if (bytes.length > size) {
            throw new MapCreationException(arena.definition(), Errno.E2BIG, "the arena (" + size + " bytes) is too small to hold the " + bytes.length
                    + " bytes of global __arena variables of " + spec.fileName());
        }
        arena.write(0, bytes);
    }

    /** libbpf freezes {@code .rodata} and {@code .rodata.*} once their initial values are written. */
    static void freezeReadOnlyData(ObjectSpec spec, Map<String, BpfMap> mapsByName) {
        for (MapSpec m : spec.maps()) {
            if (m.frozen()) {
                try {
                    mapsByName.get(m.name()).freeze();
                } catch (MapOperationException e) {
                    throw new InvalidProgramException(spec.fileName() + ": map \"" + m.name() + "\" cannot be frozen: errno " + e.errno(), e);
                }
            }
        }
    }

    private static MapDefinition definition(MapSpec m, Optional<Btf> btf, int cpus) {
        // libbpf sizes a perf event array declared without max_entries to the number of possible CPUs.
        long maxEntries = m.type() == MapType.PERF_EVENT_ARRAY && m.maxEntries() == 0 ? cpus : m.maxEntries();
        if (m.type() == MapType.RINGBUF || m.type() == MapType.USER_RINGBUF) {
            maxEntries = ringBufferSize(maxEntries);
        }
        MapDefinition def = MapDefinition.of(m.name(), m.type(), m.keySize(), m.valueSize(), maxEntries)
                .withFlags(m.flags())
                .withMapExtra(m.mapExtra());
        int lock = Verifier.spinLockOffset(btf, m);
        def = def.withKernelFields(kernelFields(btf, m));
        return lock >= 0 ? def.withSpinLockAt(lock) : def;
    }

    /**
     * The fields of a map's value that hold kernel state, as btf_parse_fields finds them at the
     * top level of the value's struct (or the variables of a global data section): {@code __kptr}
     * pointers, {@code bpf_list_head}, {@code bpf_rb_root}, {@code bpf_timer} and {@code bpf_wq}.
     */
    static List<MapDefinition.KernelField> kernelFields(Optional<Btf> btf, MapSpec m) {
        if (btf.isEmpty() || m.btfValueTypeId() == 0 || Verifier.createdWithoutBtf(btf, m)) {
            return List.of();
        }
        Btf b = btf.get();
        List<MapDefinition.KernelField> out = new ArrayList<>();
        BtfType value = b.resolve(m.btfValueTypeId());
        if (value instanceof BtfType.StructType s) {
            for (BtfType.Member member : s.members()) {
                kernelField(b, member.type(), member.bitOffset() / 8).ifPresent(out::add);
            }
        } else if (value instanceof BtfType.Datasec d) {
            for (BtfType.VarSecinfo v : d.vars()) {
                if (b.type(v.type()) instanceof BtfType.Var var) {
                    kernelField(b, var.type(), v.offset()).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static Optional<MapDefinition.KernelField> kernelField(Btf b, int typeId, int offset) {
        BtfType t = b.resolve(typeId);
        if (t instanceof BtfType.Pointer p) {
            BtfType target = b.type(p.target());
            while (target instanceof BtfType.TypeTag || target instanceof BtfType.Qualifier) {
                // __kptr, __kptr_untrusted and __percpu_kptr
                if (target instanceof BtfType.TypeTag tag && (tag.name().startsWith("kptr") || tag.name().equals("percpu_kptr"))) {
                    return Optional.of(new MapDefinition.KernelField("kptr", offset, 8));
                }
                target = b.type(target instanceof BtfType.TypeTag tag ? tag.type() : ((BtfType.Qualifier) target).type());
            }
            return Optional.empty();
        }
        if (t instanceof BtfType.StructType s) {
            return switch (s.name()) {
                case "bpf_list_head", "bpf_rb_root", "bpf_timer", "bpf_wq" -> Optional.of(new MapDefinition.KernelField(s.name(), offset, s.size()));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /**
     * libbpf's {@code adjust_ringbuf_sz}: a ring buffer's size that is not a power-of-2 multiple of
     * the page size becomes the smallest such multiple above it (8 and 4096 stay 4096 and 4096 ...,
     * 12288 becomes 16384; checked with bpftool map show), so the kernel's check passes; 0 stays 0.
     */
    static long ringBufferSize(long size) {
        long page = 4096;
        if (size == 0 || size % page == 0 && Long.bitCount(size / page) == 1) {
            return size;
        }
        for (long mul = 1; mul <= 0xffffffffL / page; mul <<= 1) {
            if (mul * page > size) {
                return mul * page;
            }
        }
        return size;
    }
}
