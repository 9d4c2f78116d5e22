package org.ebpftest.runtime.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Memory that several VMs share and that may grow while programs run, such as the value chunks of
 * a map that allocates elements on demand: each region placed here gets one address, the same in
 * every VM, and a {@link Memory} that {@link Memory#share shares} this table maps a region the first
 * time a program or helper touches it. Placing is first fit in whole slots from a base address;
 * regions are never removed, so an address stays valid for the life of the table. Thread-safe.
 */
public final class SharedRegions {
    private final long base;
    private final AtomicReferenceArray<Region> table = new AtomicReferenceArray<>(Memory.SLOTS);
    private final List<Region> placed = new ArrayList<>();

    /**
     * An empty table that places regions at or above an address.
     *
     * @param base the lowest address a region may get, such as {@link Vm#HEAP_BASE}
     */
    public SharedRegions(long base) {
        if (base <= 0 || base >= 1L << 32) {
            throw new IllegalArgumentException("base " + Region.hex(base) + " is outside the 32-bit address space");
        }
        this.base = base;
    }

    /**
     * Gives a region the first free slot-aligned address with room for it ({@link Region#placeAt}).
     *
     * @return the address, or 0 when the address space has no room left (the region stays unplaced)
     */
    public synchronized long place(Region region) {
        int slots = slotsOf(region);
        int s = (int) (base >>> Memory.SLOT_SHIFT);
        while (s + slots <= Memory.SLOTS) {
            int run = 0;
            while (run < slots && table.get(s + run) == null) {
                run++;
            }
            if (run == slots) {
                long address = (long) s << Memory.SLOT_SHIFT;
                region.placeAt(address);
                for (int i = 0; i < slots; i++) {
                    table.set(s + i, region);
                }
                placed.add(region);
                return address;
            }
            s += run + 1;
        }
        return 0;
    }

    /** The region placed at an address, or null. */
    public Region regionAt(long address) {
        if ((address >>> 32) != 0) {
            return null;
        }
        return table.get((int) (address >>> Memory.SLOT_SHIFT));
    }

    /** Every region placed so far, in the order placed. */
    public synchronized List<Region> regions() {
        return List.copyOf(placed);
    }

    static int slotsOf(Region region) {
        long length = Math.max(region.bytes().length, 1);
        return (int) ((length + (1L << Memory.SLOT_SHIFT) - 1) >>> Memory.SLOT_SHIFT);
    }
}
