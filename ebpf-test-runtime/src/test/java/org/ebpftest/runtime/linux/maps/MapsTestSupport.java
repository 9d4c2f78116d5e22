package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/** Small helpers shared by the map tests. */
final class MapsTestSupport {
    private MapsTestSupport() {
    }

    static byte[] u32(long v) {
        return ArrayIndex.key(v);
    }

    static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /**
     * What the {@code bpf()} syscall would return for a host call: 0, or the negative errno of the
     * {@link MapOperationException} it throws; the map tests compare it with the kernel's answers.
     */
    static long errno(Runnable hostCall) {
        try {
            hostCall.run();
            return 0;
        } catch (MapOperationException e) {
            return -e.errno();
        }
    }

    static long le(byte[] b) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }

    /** The first byte of every key in iteration order (keys chosen so that it identifies them). */
    static List<Integer> firstBytes(BpfMap map) {
        List<Integer> out = new ArrayList<>();
        for (byte[] k : map.keys()) {
            out.add(k[0] & 0xff);
        }
        return out;
    }

    static BpfMap create(MapType type, int key, int value, long max) {
        return BpfMaps.create(MapDefinition.of("m", type, key, value, max));
    }

    /** Maps every region of a map into a fresh address space, as the emulator does for each VM. */
    static Memory mapped(BpfMap... maps) {
        Memory memory = new Memory();
        long address = Vm.HEAP_BASE;
        for (BpfMap m : maps) {
            for (Region r : m.regions()) {
                memory.map(r, address);
                address = memory.findFree(address + r.bytes().length, 1);
            }
        }
        return memory;
    }
}
