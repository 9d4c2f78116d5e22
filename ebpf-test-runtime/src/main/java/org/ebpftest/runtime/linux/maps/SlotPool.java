package org.ebpftest.runtime.linux.maps;

import java.util.Arrays;

/**
 * The free value slots of a map: slots never used yet are handed out in ascending order (so the
 * chunks of a lazily allocated map fill one after another), freed ones are reused last in, first
 * out. Costs memory only for the slots freed, not for the ones never used. Not thread-safe: the
 * owning map holds its lock.
 */
final class SlotPool {
    private final int limit;
    private int fresh;
    private int[] freed = new int[16];
    private int freedTop;

    /** A pool of slots {@code 0 .. limit-1}. */
    SlotPool(int limit) {
        this.limit = limit;
    }

    /** A free slot, or -1 when every slot is in use. */
    int take() {
        if (freedTop > 0) {
            return freed[--freedTop];
        }
        return fresh < limit ? fresh++ : -1;
    }

    /** Returns a slot taken before. */
    void give(int slot) {
        if (freedTop == freed.length) {
            freed = Arrays.copyOf(freed, freedTop * 2);
        }
        freed[freedTop++] = slot;
    }

    /** True when {@link #take()} would give a slot. */
    boolean hasFree() {
        return freedTop > 0 || fresh < limit;
    }

    /** The bytes this pool takes at most, to count in a map's footprint. */
    static long bytes(long limit) {
        return limit * Integer.BYTES;
    }
}
