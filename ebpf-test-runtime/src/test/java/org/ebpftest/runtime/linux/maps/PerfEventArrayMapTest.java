package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class PerfEventArrayMapTest {

    private static PerfEventArrayMap perf(int entries, int cpus) {
        return (PerfEventArrayMap) BpfMaps.create(MapDefinition.of("events", MapType.PERF_EVENT_ARRAY, 4, 4, entries), cpus);
    }

    @Test
    void currentCpuFlagWritesToRunningCpusBuffer() {
        PerfEventArrayMap map = perf(4, 4);
        assertThat(map.output(MapFlags.BPF_F_CURRENT_CPU, 2, new byte[] {1, 2, 3}, 0, 3)).isZero();
        assertThat(map.output(MapFlags.BPF_F_CURRENT_CPU, 0, new byte[] {4}, 0, 1)).isZero();
        assertThat(map.drain(2)).singleElement().satisfies(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(map.drainRecords()).singleElement().satisfies(r -> assertThat(r.cpu()).hasValue(0));
    }

    @Test
    void pendingRecordsAreCopiesThatLeaveTheRecordsInPlace() {
        PerfEventArrayMap map = perf(4, 4);
        map.output(MapFlags.BPF_F_CURRENT_CPU, 1, new byte[] {7, 8}, 0, 2);
        map.output(MapFlags.BPF_F_CURRENT_CPU, 3, new byte[] {9}, 0, 1);

        var pending = map.pendingRecords();
        pending.get(0).data()[0] = 0;

        assertThat(pending).extracting(r -> r.cpu().orElseThrow()).containsExactly(1, 3);
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.drainRecords()).first().satisfies(r -> assertThat(r.data()).containsExactly(7, 8));
    }

    @Test
    void outputErrorsFollowTheKernelsChecks() {
        PerfEventArrayMap map = perf(4, 2);
        byte[] data = new byte[4];
        assertThat(map.output(1L << 32, 0, data, 0, 4)).isEqualTo(-Errno.EINVAL);
        assertThat(map.output(4, 0, data, 0, 4)).isEqualTo(-Errno.E2BIG);
        assertThat(map.output(3, 0, data, 0, 4)).isEqualTo(-Errno.ENOENT);   // no buffer opened for CPU 3
        assertThat(map.output(1, 0, data, 0, 4)).isEqualTo(-Errno.EOPNOTSUPP); // CPU 1's buffer from CPU 0
        map.close(0);
        assertThat(map.output(MapFlags.BPF_F_CURRENT_CPU, 0, data, 0, 4)).isEqualTo(-Errno.ENOENT);
        assertThat(map.size()).isZero();
    }
}
