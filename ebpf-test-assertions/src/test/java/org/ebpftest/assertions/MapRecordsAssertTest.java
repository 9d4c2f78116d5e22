package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatRecords;
import static org.ebpftest.assertions.Frames.TCP_SYN;

import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMaps;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.maps.PerfEventArrayMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

class MapRecordsAssertTest {

    /**
     * The ring buffer "events" of maps.o holding {@code records}. A ring buffer accepts host-side
     * output only once a run has placed it in a VM's memory, so this runs {@code count} first, which
     * creates its flow without writing a record.
     */
    private static RingBufMap ring(byte[]... records) {
        LoadedObject object = TestObjects.maps();
        object.run("count", XdpInput.of(TCP_SYN));
        RingBufMap ring = (RingBufMap) object.map("events");
        for (byte[] r : records) {
            ring.output(r, 0, r.length, 0);
        }
        return ring;
    }

    @Test
    void checksTheRecordsAProgramWroteToARingBuffer() {
        // given maps.o's count, which writes the u32 0 to "events" once the flow exists
        LoadedObject object = TestObjects.maps();
        object.run("count", XdpInput.of(TCP_SYN));
        object.run("count", XdpInput.of(TCP_SYN));

        assertThatRecords(object.map("events")).hasRecordCount(1).records(MapCodec.int32()).containsExactly(0);
        assertThatRecords(object.map("events")).as("drained by the first assertion").hasNoRecords();
    }

    @Test
    void everyCheckOfOneAssertionSeesTheSameRecords() {
        RingBufMap ring = ring(new byte[] {1, 0, 0, 0}, new byte[] {2, 0, 0, 0});

        assertThat(ring).hasRecordCount(2).records(MapCodec.int32()).containsExactly(1, 2);
        assertThat(ring).hasNoRecords();
    }

    @Test
    void listsTheRecordsWhenTheCountIsWrong() {
        assertThat(Thrown.message(() -> assertThat(ring(new byte[] {1, 0, 0, 0}, new byte[] {(byte) 0xff})).hasRecordCount(1)))
                .isEqualTo("Expecting ring buffer \"events\" to hold 1 record but it held 2:\n  01000000 (4 bytes)\n  ff (1 byte)");
        assertThat(Thrown.message(() -> assertThat(ring()).hasRecordCount(1)))
                .isEqualTo("Expecting ring buffer \"events\" to hold 1 record but it held 0");
        assertThat(Thrown.message(() -> assertThat(ring(new byte[] {7})).hasNoRecords()))
                .isEqualTo("Expecting ring buffer \"events\" to hold no records but it held 1:\n  07 (1 byte)");
        assertThat(Thrown.message(() -> assertThat(ring(new byte[] {7})).records(MapCodec.int32())))
                .isEqualTo("Expecting every record of ring buffer \"events\" to be 4 bytes, the codec's size, but record 0 was 1 bytes:\n"
                        + "  07 (1 byte)");
    }

    @Test
    void checksPerfEventRecordsAndTheirCpus() {
        PerfEventArrayMap perf = (PerfEventArrayMap) BpfMaps.create(MapDefinition.of("perf", MapType.PERF_EVENT_ARRAY, 4, 4, 2), 2);
        perf.output(MapFlags.BPF_F_CURRENT_CPU, 1, new byte[] {9, 0}, 0, 2);
        perf.output(MapFlags.BPF_F_CURRENT_CPU, 0, new byte[] {8, 0}, 0, 2);

        assertThat(perf).hasRecordCount(2).cpus().containsExactly(1, 0);
        perf.output(MapFlags.BPF_F_CURRENT_CPU, 0, new byte[] {8, 0}, 0, 2);
        assertThat(Thrown.message(() -> assertThat(perf).hasNoRecords()))
                .isEqualTo("Expecting perf event array \"perf\" to hold no records but it held 1:\n  0800 (2 bytes)");
    }

    @Test
    void refusesMapsWithoutRecords() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> assertThatRecords(BpfMaps.create(MapDefinition.of("counters", MapType.HASH, 4, 8, 16))))
                .withMessage("map \"counters\" (hash, key 4, value 8, max_entries 16) holds no records;"
                        + " only ring buffers and perf event arrays do");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(ring()).cpus())
                .withMessage("ring buffer \"events\" does not record CPUs; perf event arrays do");
    }
}
