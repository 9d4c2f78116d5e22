package org.ebpftest.runtime.linux.maps;

import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;

/**
 * {@code BPF_MAP_TYPE_BLOOM_FILTER}: push sets {@code nr_hashes} bits of a bit array, peek
 * answers 0 ("maybe present") when all are set and -ENOENT otherwise. Sized and hashed as
 * {@code bloom_filter.c}: {@code nr_hashes = map_extra & 0xf} (5 when 0), a bit array of
 * {@code max_entries * nr_hashes * 7 / 5} bits rounded up to a power of two (at least 64), and
 * bit {@code jhash(value, seed + i) & mask} for hash {@code i}, with seed 0, so false positives
 * are the kernel's for a zero-seeded filter. Pop and delete are -EOPNOTSUPP; push flags other
 * than {@code BPF_ANY} are -EINVAL.
 */
public final class BloomFilterMap extends ValueOnlyMap {
    private final int hashes;
    private final long mask;
    private final long[] bits;

    BloomFilterMap(MapDefinition def, int cpus) {
        super(def, cpus, Errno.EOPNOTSUPP);
        this.hashes = hashCount(def);
        long size = bitCount(def);
        this.mask = size - 1;
        this.bits = new long[(int) ((size + 63) / 64)];
    }

    private static int hashCount(MapDefinition def) {
        int n = (int) (def.mapExtra() & 0xf);
        return n == 0 ? 5 : n;
    }

    /** The size of the bit array, as {@code bloom_map_alloc} computes it: a power of 2 from 64 to 2^32. */
    static long bitCount(MapDefinition def) {
        long nrBits = def.maxEntries() * hashCount(def);
        long scaled = nrBits / 5 * 7;
        if (nrBits > 0xffff_ffffL || scaled > 0xffff_ffffL || scaled > 1L << 31) {
            return 1L << 32;
        } else if (scaled <= 64) {
            return 64;
        }
        long size = Long.highestOneBit(scaled);
        return size < scaled ? size << 1 : size;
    }

    /** The number of hash functions. */
    public int hashCount() {
        return hashes;
    }

    /** The size of the bit array in bits. */
    public long bitCount() {
        return mask + 1;
    }

    private long bitOf(byte[] value, int offset, int i) {
        return JHash.hash(value, offset, valueSize(), i) & 0xffff_ffffL & mask;
    }

    @Override
    public synchronized long pushElem(byte[] value, int valueOffset, long flags) {
        if (flags != MapFlags.BPF_ANY) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < hashes; i++) {
            long b = bitOf(value, valueOffset, i);
            bits[(int) (b >>> 6)] |= 1L << (b & 63);
        }
        return 0;
    }

    @Override
    public synchronized long peekElem(byte[] value, int valueOffset) {
        for (int i = 0; i < hashes; i++) {
            long b = bitOf(value, valueOffset, i);
            if ((bits[(int) (b >>> 6)] & 1L << (b & 63)) == 0) {
                return -Errno.ENOENT;
            }
        }
        return 0;
    }

    @Override
    public long popElem(byte[] out, int outOffset) {
        return -Errno.EOPNOTSUPP;
    }

    /** True when the filter may contain the value (the kernel's peek returned 0). */
    public boolean mightContain(byte[] value) {
        return peekElem(checkValue(value), 0) == 0;
    }

    @Override
    public int size() {
        return 0;
    }

    @Override
    public List<MapEntry> entries() {
        return List.of();
    }

    @Override
    public synchronized void clear() {
        requireNotFrozen("clear");
        Arrays.fill(bits, 0);
    }
}
