package org.ebpftest.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.uapi.MapType;

/**
 * Keeps an emulator map and its kernel twin equal: before a kernel run the test's contents go to
 * the kernel, after it the kernel's come back, and under {@code both} the two are compared. Only
 * keyed maps whose contents user space can read and write whole are mirrored; per-CPU values map
 * CPU by CPU over the CPUs both have, the rest reading as zero.
 */
final class MapMirror {
    /** The types mirrored: hashes, arrays, their per-CPU and LRU variants, LPM tries, and global data. */
    private static final Set<MapType> MIRRORED = EnumSet.of(MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH, MapType.PERCPU_ARRAY,
            MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE);
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_LISTED = 20;
    /** The CPU the emulator's host (syscall) updates run on; the kernel's take the caller's CPU. */
    private static final int HOST_CPU = 0;

    private MapMirror() {
    }

    /** Whether a map's contents are carried between the emulator and the kernel; frozen global data never changes after load. */
    static boolean mirrored(MapSpec spec) {
        return MIRRORED.contains(spec.type()) && !spec.frozen();
    }

    /**
     * Makes the kernel's map hold exactly the emulator's entries, writing only what differs: every
     * update of an LRU hash takes a node from its LRU lists (and may evict, even for a key already
     * there), so rewriting equal entries would change which element the kernel evicts next. New
     * entries go oldest first ({@link BpfMap#keysInLinkOrder()}) from CPU 0, where the emulator's
     * host updates run, so that a fresh kernel map filled by the test's updates ends up with the
     * emulator's LRU order.
     */
    static void push(BpfMap emulator, KernelMap kernel) {
        if (kernel.type() != MapType.LRU_HASH && kernel.type() != MapType.LRU_PERCPU_HASH) {
            pushOnThisCpu(emulator, kernel);
            return;
        }
        KernelCpus.onCpu(HOST_CPU, () -> {
            pushOnThisCpu(emulator, kernel);
            return null;
        });
    }

    private static void pushOnThisCpu(BpfMap emulator, KernelMap kernel) {
        Map<String, List<byte[]>> wanted = contents(emulator);
        Map<String, List<byte[]>> have = contents(kernel, emulator.cpus());
        if (!isArray(kernel)) {
            for (byte[] key : kernel.keys()) {
                if (!wanted.containsKey(HEX.formatHex(key))) {
                    kernel.delete(key);
                }
            }
        }
        int cpus = Math.min(emulator.cpus(), KernelCpus.possible());
        for (byte[] key : emulator.keysInLinkOrder()) {
            String hex = HEX.formatHex(key);
            List<byte[]> values = wanted.get(hex);
            List<byte[]> current = have.get(hex);
            if (values == null || current != null && sameValues(firstCpus(values, cpus), firstCpus(current, cpus))) {
                continue;
            }
            if (kernel.isPerCpu()) {
                kernel.updatePerCpu(key, new ArrayList<>(values.subList(0, Math.min(values.size(), KernelCpus.possible()))), KernelMap.ANY);
            } else {
                kernel.update(key, values.get(0), KernelMap.ANY);
            }
        }
    }

    /**
     * Makes the emulator's map hold exactly the kernel's entries, writing only what differs (see
     * {@link #push}); a per-CPU value keeps the emulator's values on CPUs the kernel does not have.
     */
    static void pull(KernelMap kernel, BpfMap emulator) {
        Map<String, List<byte[]>> have = contents(kernel, emulator.cpus());
        Map<String, List<byte[]>> current = contents(emulator);
        if (!isArray(kernel)) {
            for (byte[] key : emulator.keys()) {
                if (!have.containsKey(HEX.formatHex(key))) {
                    emulator.delete(key);
                }
            }
        }
        for (Map.Entry<String, List<byte[]>> e : have.entrySet()) {
            List<byte[]> now = current.get(e.getKey());
            List<byte[]> values = e.getValue();
            if (emulator.isPerCpu() && now != null) {
                // CPUs the kernel does not have keep what the test put there: no kernel run reached them
                values = new ArrayList<>(values);
                for (int cpu = KernelCpus.possible(); cpu < values.size() && cpu < now.size(); cpu++) {
                    values.set(cpu, now.get(cpu));
                }
            }
            if (now != null && sameValues(now, values)) {
                continue;
            }
            byte[] key = HEX.parseHex(e.getKey());
            if (emulator.isPerCpu()) {
                emulator.updatePerCpu(key, values, 0);
            } else {
                emulator.update(key, values.get(0), 0);
            }
        }
    }

    /**
     * The differences between the emulator's map and the kernel's, one line each, at most
     * {@value #MAX_LISTED}. Per-CPU values are compared on the CPUs both have: runs happen on CPU 0,
     * and the emulator's further CPUs hold only what the test put there.
     */
    static List<String> compare(BpfMap emulator, KernelMap kernel) {
        int cpus = Math.min(emulator.cpus(), KernelCpus.possible());
        Map<String, List<byte[]>> emu = firstCpus(contents(emulator), cpus);
        Map<String, List<byte[]>> ker = firstCpus(contents(kernel, emulator.cpus()), cpus);
        List<String> out = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(emu.keySet());
        keys.addAll(ker.keySet());
        for (String key : keys) {
            List<byte[]> e = emu.get(key);
            List<byte[]> k = ker.get(key);
            if (e != null && k != null && sameValues(e, k)) {
                continue;
            }
            if (out.size() == MAX_LISTED) {
                out.add("... (more differences in map [" + emulator.name() + "] left out)");
                break;
            }
            out.add("map [" + emulator.name() + "] key " + key + ": emulator " + describe(e) + ", kernel " + describe(k));
        }
        return out;
    }

    private static List<byte[]> firstCpus(List<byte[]> values, int cpus) {
        return values.size() > cpus ? values.subList(0, cpus) : values;
    }

    private static Map<String, List<byte[]>> firstCpus(Map<String, List<byte[]>> contents, int cpus) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        contents.forEach((k, v) -> out.put(k, v.size() > cpus ? v.subList(0, cpus) : v));
        return out;
    }

    private static boolean sameValues(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<byte[]> values) {
        if (values == null) {
            return "absent";
        }
        if (values.size() == 1) {
            return HEX.formatHex(values.get(0));
        }
        List<String> perCpu = new ArrayList<>();
        for (int cpu = 0; cpu < values.size(); cpu++) {
            perCpu.add("cpu" + cpu + "=" + HEX.formatHex(values.get(cpu)));
        }
        return String.join(" ", perCpu);
    }

    private static Map<String, List<byte[]>> contents(BpfMap emulator) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (MapEntry e : emulator.entries()) {
            out.put(HEX.formatHex(e.key()), e.values());
        }
        return out;
    }

    /** The kernel's entries, per-CPU values widened or cut to the emulator's number of CPUs (missing CPUs read as zero). */
    private static Map<String, List<byte[]>> contents(KernelMap kernel, int emulatorCpus) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (byte[] key : kernel.keys()) {
            if (kernel.isPerCpu()) {
                kernel.lookupPerCpu(key).ifPresent(values -> {
                    List<byte[]> widened = new ArrayList<>();
                    for (int cpu = 0; cpu < emulatorCpus; cpu++) {
                        widened.add(cpu < values.size() ? values.get(cpu) : new byte[kernel.valueSize()]);
                    }
                    out.put(HEX.formatHex(key), widened);
                });
            } else {
                kernel.lookup(key).ifPresent(v -> out.put(HEX.formatHex(key), List.of(v)));
            }
        }
        return out;
    }

    private static boolean isArray(KernelMap map) {
        return map.type() == MapType.ARRAY || map.type() == MapType.PERCPU_ARRAY;
    }
}
