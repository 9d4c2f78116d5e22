package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.kernel.KernelAvailable.EXAMPLES;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Map operations round-trip through the kernel's maps, as bpftool map does them. */
@Tag("kernel")
class KernelMapTest {

    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void hashEntriesRoundTripThroughTheKernel() {
        try (KernelObject fw = KernelObject.load(EXAMPLES.resolve("xdp_firewall.o"))) {
            KernelMap ports = fw.map("allowed_ports");
            byte[] key = new byte[ports.keySize()];
            key[0] = 22;
            byte[] value = new byte[ports.valueSize()];
            value[0] = 1;

            ports.put(key, value);

            assertThat(ports.lookup(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(value));
            assertThat(ports.keys()).singleElement().satisfies(k -> assertThat(k).containsExactly(key));
            assertThatThrownBy(() -> ports.update(key, value, KernelMap.NOEXIST))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.errno()).isEqualTo(17))
                    .hasMessageContaining("BPF_MAP_UPDATE_ELEM in map [allowed_ports]");
            assertThat(ports.delete(key)).isTrue();
            assertThat(ports.delete(key)).isFalse();
            assertThat(ports.lookup(key)).isEmpty();
            assertThat(ports.nextKey(null)).isEmpty();
        }
    }

    @Test
    void perCpuValuesRoundTripOnePerPossibleCpu() {
        try (KernelObject fw = KernelObject.load(EXAMPLES.resolve("xdp_firewall.o"))) {
            KernelMap counters = fw.map("drop_counters");
            byte[] key = {2, 0, 0, 0};
            List<byte[]> values = new ArrayList<>();
            for (int cpu = 0; cpu < KernelCpus.possible(); cpu++) {
                byte[] v = new byte[counters.valueSize()];
                v[0] = (byte) (10 + cpu);
                values.add(v);
            }

            counters.updatePerCpu(key, values, KernelMap.ANY);

            List<byte[]> back = counters.lookupPerCpu(key).orElseThrow();
            assertThat(back).hasSize(values.size());
            for (int cpu = 0; cpu < values.size(); cpu++) {
                assertThat(back.get(cpu)).as("CPU %d", cpu).containsExactly(values.get(cpu));
            }
            assertThatThrownBy(() -> counters.lookup(key)).isInstanceOf(IllegalStateException.class).hasMessageContaining("lookupPerCpu");
        }
    }

    @Test
    void arraysRefuseDeletionAsTheKernelDoes() {
        try (KernelObject fw = KernelObject.load(EXAMPLES.resolve("xdp_firewall.o"))) {
            KernelMap config = fw.map("config");

            assertThatThrownBy(() -> config.delete(new byte[config.keySize()]))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.errno()).isEqualTo(22));
            assertThat(config.keys()).hasSize(config.maxEntries());
        }
    }

    @Test
    void countsPossibleCpusFromTheKernelsList() {
        assertThat(KernelCpus.count("0-3")).isEqualTo(4);
        assertThat(KernelCpus.count("0,2-5\n")).isEqualTo(5);
        assertThat(KernelCpus.count("0")).isEqualTo(1);
    }
}
