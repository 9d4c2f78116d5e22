package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.kernel.KernelAvailable.EXAMPLES;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emulator's LRU hash evicts the keys the kernel's does, for host updates from CPU 0 (the
 * emulator's host CPU), and the twin's map mirroring keeps that so. Uses {@code tc_nat.o}'s
 * {@code nat_table}: a common-LRU hash of 4,096 entries.
 */
@Tag("kernel")
class LruEvictionTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void hostUpdatesAndLookupsPastCapacityEvictTheSameKeys() {
        BpfMap emulator = LoadedObject.load(EXAMPLES.resolve("tc_nat.o")).map("nat_table");
        try (KernelObject object = KernelObject.load(EXAMPLES.resolve("tc_nat.o"))) {
            KernelMap kernel = object.map("nat_table");
            int capacity = emulator.maxEntries();
            int evictions = 0;

            // host lookups set no reference bit, in the kernel as in the emulator
            for (int i = 0; i < capacity + 300; i++) {
                byte[] key = flow(i);
                byte[] value = value(i);
                byte[] oldest = flow(i / 2);
                emulator.update(key, value, 0);
                emulator.lookup(oldest);
                KernelCpus.onCpu(0, () -> {
                    kernel.update(key, value, KernelMap.ANY);
                    kernel.lookup(oldest);
                    return null;
                });
                // around each batch the kernel frees at once (target_free: 4096 / 2 CPUs / 2 = 128 here)
                int past = i - capacity;
                if (past >= -1 && (past % 128 <= 1 || past % 128 == 127)) {
                    Set<String> expected = keys(emulator.keys());
                    assertThat(keys(kernel.keys())).as("keys after update %d", i).isEqualTo(expected);
                    evictions += expected.size() < i + 1 ? 1 : 0;
                }
            }

            assertThat(evictions).as("updates that found the map full").isPositive();
        }
    }

    @Test
    void aPushedTableEvictsWhatTheEmulatorsWould() {
        LoadedObject object = LoadedObject.load(EXAMPLES.resolve("tc_nat.o"));
        BpfMap emulator = object.map("nat_table");
        int capacity = emulator.maxEntries();
        for (int i = 0; i < capacity; i++) {
            emulator.update(flow(i), value(i), 0);
        }
        try (KernelObject kernelObject = KernelObject.load(EXAMPLES.resolve("tc_nat.o"))) {
            KernelMap kernel = kernelObject.map("nat_table");

            MapMirror.push(emulator, kernel);
            MapMirror.push(emulator, kernel);
            MapMirror.pull(kernel, emulator);
            byte[] extra = flow(capacity);
            byte[] extraValue = value(capacity);
            emulator.update(extra, extraValue, 0);
            KernelCpus.onCpu(0, () -> {
                kernel.update(extra, extraValue, KernelMap.ANY);
                return null;
            });

            Set<String> expected = keys(emulator.keys());
            assertThat(expected).as("the emulator evicted a batch").hasSizeLessThan(capacity);
            assertThat(keys(kernel.keys())).isEqualTo(expected);
        }
    }

    /** A nat_table key: 10.9.x.y:30000 to 93.184.216.34:80, UDP. */
    private static byte[] flow(int i) {
        return new byte[] {10, 9, (byte) (i >> 8), (byte) i, 93, (byte) 184, (byte) 216, 34, 0x75, 0x30, 0, 80, 17, 0, 0, 0};
    }

    private static byte[] value(int i) {
        return new byte[] {(byte) 192, 0, 2, 1, (byte) (i >> 8), (byte) i, 0, 0};
    }

    private static Set<String> keys(List<byte[]> keys) {
        Set<String> out = new TreeSet<>();
        keys.forEach(k -> out.add(HEX.formatHex(k)));
        return out;
    }
}
