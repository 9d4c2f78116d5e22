package org.ebpftest.runtime.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.KernelStructs;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The {@code struct bpf_map} of each map of an object, where a map pointer points: what a program
 * reads as {@code map->max_entries}, laid out as {@link KernelStructs} says (Linux 6.18). The kernel
 * lets programs read, never write, this struct ({@code check_ptr_to_map_access}). The map's hash
 * ({@code sha}) reads as zeros: the kernel computes it only when user space asks for it
 * ({@code BPF_OBJ_GET_INFO_BY_FD} with a hash buffer), which loading and running never do. Its fields that
 * are kernel pointers or kernel bookkeeping (reference counts, locks) have no value
 * a test could expect, and a read of them traps naming the field, as does a read past the struct
 * (into the map type's own struct, {@code struct bpf_htab} and the like, which is not modelled).
 */
final class MapStructs {
    /** The fields that hold what the map was created with, the same on every machine. */
    private static final Set<String> MODELLED = Set.of("sha", "excl", "map_type", "key_size", "value_size", "max_entries", "map_extra", "map_flags",
            "id", "numa_node", "btf_key_type_id", "btf_value_type_id", "btf_vmlinux_value_type_id", "name", "bypass_spec_v1", "frozen");
    private static final int NUMA_NO_NODE = -1;

    /**
     * What user space created a map with that {@code struct bpf_map} shows beyond its definition.
     *
     * @param kernelName the name bpftool shows (at most 15 characters)
     * @param btfKeyTypeId the key's BTF type id in the object's BTF, or 0
     * @param btfValueTypeId the value's BTF type id, or 0
     * @param numaNode the NUMA node asked for with {@code BPF_F_NUMA_NODE}
     */
    record Facts(String kernelName, int btfKeyTypeId, int btfValueTypeId, int numaNode) {
        static Facts of(BpfMap map) {
            return new Facts(map.name().length() > 15 ? map.name().substring(0, 15) : map.name(), 0, 0, 0);
        }
    }

    private MapStructs() {
    }

    /** A read-only region holding every map's struct at its pointer, with the kernel's access rules. */
    static Region region(List<BpfMap> maps, List<Facts> facts) {
        byte[] bytes = new byte[Math.max(1, maps.size()) * Vm.MAP_POINTER_STRIDE];
        for (int i = 0; i < maps.size(); i++) {
            fill(ByteBuffer.wrap(bytes, i * Vm.MAP_POINTER_STRIDE, KernelStructs.BPF_MAP_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN), i,
                    maps.get(i), facts.get(i));
        }
        Region r = new Region("struct bpf_map of each map", bytes, false);
        r.setGuard((offset, size, store) -> check(maps, offset, size, store));
        return r;
    }

    private static void fill(ByteBuffer b, int index, BpfMap map, Facts facts) {
        int flags = map.definition().flags();
        b.putInt(KernelStructs.bpfMapOffset("map_type"), map.type().id());
        b.putInt(KernelStructs.bpfMapOffset("key_size"), map.keySize());
        b.putInt(KernelStructs.bpfMapOffset("value_size"), map.valueSize());
        b.putInt(KernelStructs.bpfMapOffset("max_entries"), map.maxEntries());
        b.putLong(KernelStructs.bpfMapOffset("map_extra"), map.definition().mapExtra());
        // bpf_map_flags_retain_permanent: the access flags belong to the fd that created the map
        b.putInt(KernelStructs.bpfMapOffset("map_flags"), flags & ~(MapFlags.BPF_F_RDONLY | MapFlags.BPF_F_WRONLY));
        // the id user space sees, as in program array and map-in-map slots: the order of creation, from 1
        b.putInt(KernelStructs.bpfMapOffset("id"), index + 1);
        b.putInt(KernelStructs.bpfMapOffset("numa_node"), (flags & MapFlags.BPF_F_NUMA_NODE) != 0 ? facts.numaNode() : NUMA_NO_NODE);
        b.putInt(KernelStructs.bpfMapOffset("btf_key_type_id"), facts.btfKeyTypeId());
        b.putInt(KernelStructs.bpfMapOffset("btf_value_type_id"), facts.btfValueTypeId());
        byte[] name = facts.kernelName().getBytes(StandardCharsets.US_ASCII);
        b.put(KernelStructs.bpfMapOffset("name"), name, 0, Math.min(name.length, 15));
        // a root loader may bypass Spectre v1 mitigations (bpf_bypass_spec_v1)
        b.put(KernelStructs.bpfMapOffset("bypass_spec_v1"), (byte) 1);
        b.put(KernelStructs.bpfMapOffset("frozen"), (byte) (map.isFrozen() ? 1 : 0));
    }

    private static String check(List<BpfMap> maps, int offset, int size, boolean store) {
        int index = offset / Vm.MAP_POINTER_STRIDE;
        int at = offset % Vm.MAP_POINTER_STRIDE;
        String which = index < maps.size() ? " of map \"" + maps.get(index).name() + "\"" : "";
        String access = (store ? "store" : "load") + " of " + size + " bytes at offset " + at + " of struct bpf_map" + which;
        if (store) {
            return access + ": programs may only read a map's struct bpf_map (the verifier refuses: only read from bpf_map is supported)";
        }
        if (at + size > KernelStructs.BPF_MAP_SIZE) {
            return access + ": struct bpf_map is " + KernelStructs.BPF_MAP_SIZE + " bytes; the struct of the map's type around it (struct bpf_array,"
                    + " struct bpf_htab, ...) is not modelled";
        }
        Optional<BtfType.Member> member = KernelStructs.bpfMapMemberAt(at);
        if (member.isEmpty()) {
            return access + ": padding";
        }
        int start = member.get().bitOffset() / 8;
        int length = (int) KernelStructs.btf().sizeOf(member.get().type());
        String name = member.get().name().isEmpty() ? "work/rcu" : member.get().name();
        if (at + size > start + length) {
            return access + ": it runs past the field " + name + " (" + length + " bytes at offset " + start + ")";
        }
        if (!MODELLED.contains(name)) {
            return access + ": the field " + name + " is kernel state (a pointer, a count or a lock) the emulator does not model";
        }
        return null;
    }
}
