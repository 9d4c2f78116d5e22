package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ebpftest.runtime.isa.AtomicOp;
import org.junit.jupiter.api.Test;

/**
 * Memory's loads and stores take a short path (the region of the slot, the access inside the part
 * of its window nothing more is asked about) and the full check for everything else: at the edges
 * of that short path they fault, or succeed, exactly as the full check says.
 */
class MemoryFastPathTest {
    private static final long ADDRESS = 0x0300_0000L;

    private static Memory mapped(Region r) {
        Memory m = new Memory();
        m.map(r, ADDRESS);
        return m;
    }

    @Test
    void addressWithTheUpperHalfSetIsUnmappedEvenWhereItsLowerHalfIsMapped() {
        // given a region whose slot an address with the upper half set would index
        Memory m = mapped(new Region("data", new byte[64], true));

        // when such addresses are loaded from and stored to, then they fault as unmapped
        for (long upper : new long[] {1L << 32, 0xffff_ffff_0000_0000L, Long.MIN_VALUE}) {
            long address = ADDRESS + 8 | upper;
            assertThatThrownBy(() -> m.load64(address)).isInstanceOf(MemoryFault.class)
                    .hasMessageContaining("unmapped address " + Region.hex(address));
            assertThatThrownBy(() -> m.store8(address, 1)).isInstanceOf(MemoryFault.class)
                    .hasMessageContaining("unmapped address " + Region.hex(address));
        }
        assertThat(m.load64(ADDRESS + 8)).isZero();
    }

    @Test
    void accessesEndAtTheWindowAndFollowItWhenItMoves() {
        // given a region of 32 bytes of which bytes 8 to 16 are accessible
        Region r = new Region("packet", new byte[32], true, 8, 16);
        Memory m = mapped(r);

        // when loads and stores reach the window's edges, then only those inside succeed
        m.store64(ADDRESS + 8, 0x0102_0304_0506_0708L);
        assertThat(m.load8(ADDRESS + 15)).isEqualTo(0x01);
        assertThatThrownBy(() -> m.load16(ADDRESS + 15)).isInstanceOf(MemoryFault.class)
                .hasMessageContaining("out-of-bounds load of 2 bytes at " + Region.hex(ADDRESS + 15) + " (packet + 7, packet is 8 bytes)");
        assertThatThrownBy(() -> m.load8(ADDRESS + 7)).isInstanceOf(MemoryFault.class).hasMessageContaining("out-of-bounds load of 1 bytes");
        assertThatThrownBy(() -> m.store32(ADDRESS + 14, 0)).isInstanceOf(MemoryFault.class).hasMessageContaining("out-of-bounds store of 4 bytes");

        // and when the window moves (as bpf_xdp_adjust_head moves it), the accesses follow it
        r.setWindow(4, 12);
        assertThat(m.load32(ADDRESS + 4)).isZero();
        assertThatThrownBy(() -> m.load8(ADDRESS + 12)).isInstanceOf(MemoryFault.class).hasMessageContaining("out-of-bounds load of 1 bytes");
    }

    @Test
    void storesToReadOnlyRegionsAndAccessesToUnmappedOnesTakeTheFullCheck() {
        // given a read-only region
        Region rodata = new Region(".rodata", new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, false);
        Memory m = mapped(rodata);

        // when it is loaded from and stored to, then loads succeed and stores fault as read-only
        assertThat(m.load32(ADDRESS)).isEqualTo(0x0403_0201L);
        assertThatThrownBy(() -> m.store16(ADDRESS, 0)).isInstanceOf(MemoryFault.class).hasMessageContaining("store of 2 bytes to read-only");

        // and once it is unmapped, every access faults as unmapped
        m.unmap(rodata);
        assertThatThrownBy(() -> m.load8(ADDRESS)).isInstanceOf(MemoryFault.class).hasMessageContaining("unmapped address");
        assertThatThrownBy(() -> m.store64(ADDRESS, 0)).isInstanceOf(MemoryFault.class).hasMessageContaining("unmapped address");
    }

    @Test
    void guardedRegionsAreAskedWhateverTheAccessesBefore() {
        // given a region mapped first without a guard, then given one that refuses stores
        Region r = new Region("ctx", new byte[16], true);
        Memory m = mapped(r);
        m.store32(ADDRESS, 7);
        r.setGuard((offset, size, store) -> store ? "store to ctx refused" : null);

        // when the program stores and loads again, then the guard has its say
        assertThatThrownBy(() -> m.store32(ADDRESS, 8)).isInstanceOf(MemoryFault.class).hasMessageContaining("store to ctx refused");
        assertThat(m.load32(ADDRESS)).isEqualTo(7);

        // and without the guard, stores need no asking again
        r.setGuard(null);
        m.store32(ADDRESS, 9);
        assertThat(m.load32(ADDRESS)).isEqualTo(9);
    }

    @Test
    void atomicsNeedAlignmentAWritableRegionAndNoGuard() {
        // given a writable region, a read-only one and a guarded one
        Memory m = new Memory();
        Region data = new Region("data", new byte[16], true);
        Region rodata = new Region(".rodata", new byte[16], false);
        Region ctx = new Region("ctx", new byte[16], true);
        ctx.setGuard((offset, size, store) -> null);
        m.map(data, ADDRESS);
        m.map(rodata, ADDRESS + (1L << Memory.SLOT_SHIFT));
        m.map(ctx, ADDRESS + (2L << Memory.SLOT_SHIFT));

        // when each takes an atomic add, then only the aligned one in the writable region succeeds
        assertThat(m.atomic64(ADDRESS + 8, AtomicOp.FETCH_ADD, 5)).isZero();
        assertThat(m.load64(ADDRESS + 8)).isEqualTo(5);
        assertThatThrownBy(() -> m.atomic64(ADDRESS + 4, AtomicOp.ADD, 1)).isInstanceOf(MemoryFault.class)
                .hasMessageContaining("misaligned atomic access of 8 bytes");
        assertThatThrownBy(() -> m.atomic32(ADDRESS + 16, AtomicOp.ADD, 1)).isInstanceOf(MemoryFault.class)
                .hasMessageContaining("out-of-bounds atomic");
        assertThatThrownBy(() -> m.atomic32(ADDRESS + (1L << Memory.SLOT_SHIFT), AtomicOp.ADD, 1)).isInstanceOf(MemoryFault.class)
                .hasMessageContaining("atomic access of 4 bytes to read-only");
        assertThatThrownBy(() -> m.cmpxchg64(ADDRESS + (2L << Memory.SLOT_SHIFT), 0, 1)).isInstanceOf(MemoryFault.class)
                .hasMessageContaining("atomic access to ctx is not allowed");
    }
}
