package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.MapRecord;
import org.ebpftest.runtime.linux.maps.PerfEventArrayMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ring-buffer samples and perf events read back from the kernel's maps (records.c), on their own
 * and through a twin, where they reach the emulator's maps that a test drains.
 */
@Tag("kernel")
class KernelRecordsTest {
    private static final Path RECORDS = Path.of("src/test/resources/bpf/records.o");
    private static final byte[] FRAME = new byte[60];
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;

    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void readsTheKernelsRingBufferSamplesInOrderSkippingTheDiscardedOne() {
        try (KernelObject kernel = KernelObject.load(RECORDS)) {
            kernel.run("xdp_records", XdpInput.of(FRAME));
            kernel.run("xdp_records", XdpInput.of(FRAME));

            KernelMap events = kernel.map("events");
            List<byte[]> pending = events.pendingRecords().stream().map(MapRecord::data).toList();
            assertThat(pending).containsExactly(u32s(1, 60), u32s(1), u32s(2, 60), u32s(2));
            assertThat(events.drainRecords()).extracting(MapRecord::data).containsExactlyElementsOf(pending);
            assertThat(events.pendingRecords()).as("drained").isEmpty();
        }
    }

    @Test
    void givesTheKernelsRingBufferRecordsToTheEmulatorsMapUnderKernel() {
        LoadedObject emulator = LoadedObject.load(RECORDS);
        try (KernelTwin twin = KernelTwin.load(emulator, Backend.KERNEL)) {
            twin.runXdp("xdp_records", XdpInput.of(FRAME));
            twin.runXdp("xdp_records", XdpInput.of(FRAME));

            RingBufMap events = (RingBufMap) emulator.map("events");
            assertThat(events.drain()).containsExactly(u32s(1, 60), u32s(1), u32s(2, 60), u32s(2));
            twin.runXdp("xdp_records", XdpInput.of(FRAME));
            assertThat(twin.kernel().map("events").pendingRecords()).as("the kernel's ring freed as far as the test drained")
                    .extracting(MapRecord::data).containsExactly(u32s(3, 60), u32s(3));
            assertThat(events.drain()).as("each record taken once").containsExactly(u32s(3, 60), u32s(3));
        }
    }

    @Test
    void fillsTheKernelsRingAsTheEmulatorsWhenTheTestDoesNotDrainAndFreesItWhenItDoes() {
        LoadedObject alone = LoadedObject.load(RECORDS);
        int emulatorFullAt = firstDrop(run -> alone.run("xdp_records", XdpInput.of(FRAME)).retval());
        LoadedObject emulator = LoadedObject.load(RECORDS);
        try (KernelTwin twin = KernelTwin.load(emulator, Backend.KERNEL)) {
            int kernelFullAt = firstDrop(run -> twin.runXdp("xdp_records", XdpInput.of(FRAME)).retval());

            assertThat(kernelFullAt).as("the run whose reservation found the ring full").isEqualTo(emulatorFullAt).isGreaterThan(1);
            ((RingBufMap) emulator.map("events")).drain();
            assertThat(twin.runXdp("xdp_records", XdpInput.of(FRAME)).retval()).as("room again once drained").isEqualTo(XDP_PASS);
        }
    }

    @Test
    void bothAgreesOnTheRecordsOfEachRunAndKeepsTheEmulatorsOnce() {
        LoadedObject emulator = LoadedObject.load(RECORDS);
        try (KernelTwin twin = KernelTwin.load(emulator, Backend.BOTH)) {
            twin.runXdp("xdp_records", XdpInput.of(FRAME));
            twin.runXdp("xdp_records", XdpInput.of(FRAME));

            assertThat(((RingBufMap) emulator.map("events")).drain()).containsExactly(u32s(1, 60), u32s(1), u32s(2, 60), u32s(2));
        }
    }

    @Test
    void listsTheRecordsOnlyOneSideWroteForBoth() {
        LoadedObject emulator = LoadedObject.load(RECORDS);
        try (KernelObject kernel = KernelObject.load(RECORDS)) {
            RecordMirror mirror = new RecordMirror((RingBufMap) emulator.map("events"), kernel.map("events"));
            emulator.run("xdp_records", XdpInput.of(FRAME));
            kernel.run("xdp_records", XdpInput.of(FRAME));
            kernel.run("xdp_records", XdpInput.of(FRAME));

            assertThat(mirror.compare(0)).containsExactly("ring buffer [events]: emulator wrote 2 records, kernel 4",
                    "ring buffer [events] record 2: emulator none, kernel 020000003c000000",
                    "ring buffer [events] record 3: emulator none, kernel 02000000");
        }
    }

    @Test
    void readsPerfEventsWithTheirCpuAndTheSizeTheKernelPadsThemTo() {
        try (KernelObject kernel = KernelObject.load(RECORDS)) {
            kernel.run("xdp_perf", XdpInput.of(FRAME));

            List<MapRecord> records = kernel.map("perf").drainRecords();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.cpu()).hasValue(0);
                // 6 bytes and the 4-byte size field, padded to 16: 12 bytes reported
                assertThat(r.data()).hasSize(12);
                assertThat(Arrays.copyOf(r.data(), 6)).containsExactly('r', 'u', 'n', 1, 0, 0);
            });
            assertThat(kernel.map("perf").drainRecords()).as("consumed").isEmpty();
        }
    }

    @Test
    void bothAgreesOnAPerfEventDespiteTheKernelsPaddingAndKeepsTheEmulatorsSixBytes() {
        LoadedObject emulator = LoadedObject.load(RECORDS);
        try (KernelTwin twin = KernelTwin.load(emulator, Backend.BOTH)) {
            assertThat(twin.runXdp("xdp_perf", XdpInput.of(FRAME)).retval()).isEqualTo(XDP_PASS);

            List<MapRecord> records = ((PerfEventArrayMap) emulator.map("perf")).drainRecords();
            assertThat(records).singleElement().satisfies(r -> assertThat(r.data()).containsExactly('r', 'u', 'n', 1, 0, 0));
        }
    }

    @Test
    void givesThePerfEventsToTheEmulatorsMapUnderKernel() {
        LoadedObject emulator = LoadedObject.load(RECORDS);
        try (KernelTwin twin = KernelTwin.load(emulator, Backend.KERNEL)) {
            twin.runXdp("xdp_perf", XdpInput.of(FRAME));
            twin.runXdp("xdp_perf", XdpInput.of(FRAME));

            List<MapRecord> records = ((PerfEventArrayMap) emulator.map("perf")).drainRecords();
            assertThat(records).extracting(r -> r.data()[3]).containsExactly((byte) 1, (byte) 2);
            assertThat(records).allSatisfy(r -> assertThat(r.cpu()).hasValue(0));
        }
    }

    /** The first run (from 1) returning XDP_DROP, within 1000. */
    private static int firstDrop(java.util.function.IntUnaryOperator run) {
        for (int i = 1; i <= 1000; i++) {
            int verdict = run.applyAsInt(i);
            if (verdict == XDP_DROP) {
                return i;
            }
        }
        throw new AssertionError("the ring never filled");
    }

    private static byte[] u32s(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }
}
