package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.le;

import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Memory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RingBufMapTest {
    private RingBufMap rb;
    private Memory memory;

    @BeforeEach
    void create() {
        rb = (RingBufMap) BpfMaps.create(MapDefinition.of("rb", MapType.RINGBUF, 0, 0, 4096));
        memory = MapsTestSupport.mapped(rb);
    }

    @Test
    void reserveSubmitOutputAndQueryMatchKernelSequenceConfirmedAgainstKernel() {
        // The same calls as an XDP program run once with bpftool prog run on Linux 6.18; the
        // kernel's results are in the comments.
        long p1 = rb.reserve(100, 0);
        assertThat(p1).isNotZero();
        assertThat(rb.query(MapFlags.BPF_RB_AVAIL_DATA)).isEqualTo(112);
        assertThat(rb.query(MapFlags.BPF_RB_PROD_POS)).isEqualTo(112);
        assertThat(rb.query(MapFlags.BPF_RB_RING_SIZE)).isEqualTo(4096);
        assertThat(rb.reserve(4000, 0)).isZero(); // NULL: 112 + 4008 is more than the ring ahead of the consumer
        rb.submit(p1, 0);
        long p2 = rb.reserve(3000, 0);
        assertThat(p2).isNotZero();
        rb.discard(p2, 0);
        byte[] buf = new byte[1000];
        assertThat(rb.output(buf, 0, 1000, 0)).isEqualTo(-Errno.EAGAIN);
        assertThat(rb.output(buf, 0, 8, 4)).isEqualTo(-Errno.EINVAL);
        assertThat(rb.reserve(8, 1)).isZero();
        assertThat(rb.reserve(4089, 0)).isZero();
        assertThat(rb.reserve(4088, 0)).isZero();
        assertThat(rb.query(MapFlags.BPF_RB_AVAIL_DATA)).isEqualTo(3120);
        assertThat(rb.query(MapFlags.BPF_RB_PROD_POS)).isEqualTo(3120);
        assertThat(rb.query(MapFlags.BPF_RB_CONS_POS)).isZero();
        assertThat(rb.query(9)).isZero();
        assertThat(rb.output(buf, 0, 800, MapFlags.BPF_RB_NO_WAKEUP)).isZero();
        assertThat(rb.query(MapFlags.BPF_RB_PROD_POS)).isEqualTo(3928);
    }

    @Test
    void recordHeaderHoldsLengthBusyBitAndPageOffset() {
        // when a sample is reserved, then submitted
        long sample = rb.reserve(5, 0);
        long header = sample - RingBufMap.HEADER_SIZE;
        int busy = (int) memory.load32(header);
        rb.submit(sample, 0);
        // then the length had the busy bit until the commit, and pg_off counts struct pages before the data
        assertThat(busy).isEqualTo(5 | RingBufMap.BUSY_BIT);
        assertThat(memory.load32(header)).isEqualTo(5);
        assertThat(memory.load32(header + 4)).isEqualTo(3);
        assertThat(memory.regionAt(sample)).isSameAs(rb.regions().get(0));
    }

    @Test
    void drainReturnsSubmittedSamplesSkipsDiscardedAndStopsAtBusy() {
        long a = rb.reserve(4, 0);
        memory.store32(a, 0x11);
        rb.submit(a, 0);
        long b = rb.reserve(4, 0);
        rb.discard(b, 0);
        long c = rb.reserve(4, 0);
        memory.store32(c, 0x33);
        long d = rb.reserve(4, 0);
        rb.submit(c, 0);
        assertThat(rb.drain()).extracting(MapsTestSupport::le).containsExactly(0x11L, 0x33L);
        assertThat(rb.query(MapFlags.BPF_RB_CONS_POS)).isEqualTo(48);
        rb.submit(d, 0);
        assertThat(rb.drain()).hasSize(1);
    }

    @Test
    void pendingRecordsShowWhatDrainWouldReturnWithoutConsumingIt() {
        // given a submitted, a discarded and a submitted sample
        rb.output(new byte[] {1, 0, 0, 0}, 0, 4, 0);
        rb.discard(rb.reserve(4, 0), 0);
        rb.output(new byte[] {3, 0, 0, 0}, 0, 4, 0);
        // when they are looked at twice
        var first = rb.pendingRecords();
        var second = rb.pendingRecords();
        // then both looks see the two submitted samples, the consumer has not moved, and drain still gets them
        assertThat(first).extracting(r -> le(r.data())).containsExactly(1L, 3L);
        assertThat(second).extracting(r -> le(r.data())).containsExactly(1L, 3L);
        assertThat(rb.query(MapFlags.BPF_RB_CONS_POS)).isZero();
        assertThat(rb.drain()).extracting(MapsTestSupport::le).containsExactly(1L, 3L);
        assertThat(rb.pendingRecords()).isEmpty();
    }

    @Test
    void sampleWrappingTheRingIsContiguousForTheProgramAndIntactForTheConsumer() {
        // given the producer near the end of the ring
        rb.output(new byte[4000], 0, 4000, 0);
        rb.drain();
        // when a 200-byte sample crosses the end and the program fills it
        long sample = rb.reserve(200, 0);
        for (int i = 0; i < 200; i++) {
            memory.store8(sample + i, i);
        }
        rb.submit(sample, 0);
        // then the consumer reads every byte in order
        byte[] got = rb.drain().get(0);
        for (int i = 0; i < 200; i++) {
            assertThat(got[i] & 0xff).isEqualTo(i);
        }
    }

    @Test
    void submitWakesConsumerOnlyWhenItWaitsForThatRecordUnlessForced() {
        long a = rb.reserve(8, 0);
        long b = rb.reserve(8, 0);
        rb.submit(b, 0);                               // consumer waits for a, not b: no wake-up
        rb.submit(a, MapFlags.BPF_RB_NO_WAKEUP);       // suppressed
        assertThat(rb.wakeups()).isZero();
        rb.drain();
        rb.submit(rb.reserve(8, 0), 0);                // consumer caught up: wake
        rb.submit(rb.reserve(8, 0), MapFlags.BPF_RB_FORCE_WAKEUP);
        assertThat(rb.wakeups()).isEqualTo(2);
    }

    @Test
    void doubleSubmitIsReportedAsMisuse() {
        long a = rb.reserve(8, 0);
        rb.submit(a, 0);
        assertThatThrownBy(() -> rb.submit(a, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already submitted or discarded");
    }

    @Test
    void submitOfAPointerMovedIntoTheSampleIsRefusedAndLeavesTheSampleReserved() {
        // given a reserved 16-byte sample, whose bytes 7.. would read as a garbage record length
        long sample = rb.reserve(16, 0);
        memory.store64(sample, 0xffff_ffff_ffff_ffffL);

        // when a pointer 7 bytes into it is submitted, then the misuse is named, nothing is committed
        assertThatThrownBy(() -> rb.submit(sample + 7, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0x" + Long.toHexString(sample + 7) + " is 7 bytes into the sample of ring buffer \"rb\" reserved at 0x"
                        + Long.toHexString(sample) + "; submit and discard take the pointer bpf_ringbuf_reserve returned");
        assertThat(rb.drain()).isEmpty();

        // and the sample itself can still be submitted
        rb.submit(sample, 0);
        assertThat(rb.drain()).singleElement().satisfies(r -> assertThat(r).hasSize(16));
    }

    @Test
    void discardOfAddressesThatAreNoReservedSampleIsRefused() {
        long sample = rb.reserve(16, 0);
        long base = rb.regions().get(0).baseAddress();

        assertThatThrownBy(() -> rb.discard(sample + 8, 0)).hasMessageContaining("is 8 bytes into the sample");
        assertThatThrownBy(() -> rb.discard(base + 1000, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is inside ring buffer \"rb\" but is not a sample reserved from it");
        assertThatThrownBy(() -> rb.discard(base - 8, 0)).hasMessageContaining("is not a sample of ring buffer \"rb\"");
        assertThatThrownBy(() -> rb.discard(base + 2 * 4096 + 64, 0)).hasMessageContaining("is not a sample of ring buffer \"rb\"");
        rb.discard(sample, 0);
        assertThat(rb.query(MapFlags.BPF_RB_AVAIL_DATA)).isEqualTo(24);
    }

    @Test
    void sizeMustBePowerOfTwoPageMultiple() {
        assertThatThrownBy(() -> BpfMaps.create(MapDefinition.of("rb", MapType.RINGBUF, 0, 0, 6144)))
                .isInstanceOf(MapCreationException.class).hasMessageEndingWith("(EINVAL)");
    }
}
