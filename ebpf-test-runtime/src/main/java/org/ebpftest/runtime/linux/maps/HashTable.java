package org.ebpftest.runtime.linux.maps;

import java.util.Arrays;

/**
 * The bucket structure shared by hash-shaped maps: {@code n_buckets = roundup_pow_of_two(max_entries)}
 * chains of slots, a new element at the head of its chain, and {@code get_next_key} walking chains
 * in bucket order, as {@code kernel/bpf/hashtab.c} does. Keys live in one array by slot, hashed
 * with {@link JHash} and seed 0. Not thread-safe: the owning map holds its lock.
 */
final class HashTable {
    private final int keySize;
    private final int mask;
    private final int[] buckets;
    private int[] next;
    private int[] hashes;
    private boolean[] linked;
    private byte[] keys;
    private int count;

    private final boolean identity;

    HashTable(int keySize, int maxEntries, int slots) {
        this(keySize, maxEntries, slots, false);
    }

    /**
     * @param identity bucket by the u32 key itself instead of its jhash (a devmap hash does this)
     */
    HashTable(int keySize, int maxEntries, int slots, boolean identity) {
        this(keySize, maxEntries, slots, identity, slots);
    }

    /**
     * @param allocatedSlots how many slots to allocate now; {@link #growTo} adds the others as
     *     they are needed (a map whose elements are allocated on demand starts with none)
     */
    HashTable(int keySize, int maxEntries, int slots, boolean identity, int allocatedSlots) {
        this.keySize = keySize;
        this.identity = identity;
        int n = Integer.highestOneBit(Math.max(1, maxEntries));
        if (n < maxEntries) {
            n <<= 1;
        }
        this.mask = n - 1;
        this.buckets = new int[n];
        Arrays.fill(buckets, -1);
        this.next = new int[allocatedSlots];
        this.hashes = new int[allocatedSlots];
        this.linked = new boolean[allocatedSlots];
        this.keys = new byte[Math.multiplyExact(allocatedSlots, Math.max(keySize, 1))];
    }

    /**
     * Makes room for slots {@code 0 .. slots-1}; the arrays grow by at least half each time (so
     * filling a big map copies each key a few times, not once per chunk), never past {@code limit}.
     */
    void growTo(int slots, int limit) {
        if (slots > next.length) {
            slots = (int) Math.min(limit, Math.max(slots, next.length + (long) next.length / 2));
            next = Arrays.copyOf(next, slots);
            hashes = Arrays.copyOf(hashes, slots);
            linked = Arrays.copyOf(linked, slots);
            keys = Arrays.copyOf(keys, Math.multiplyExact(slots, Math.max(keySize, 1)));
        }
    }

    /** The bytes a table's arrays take per slot: its key, chain link, hash and flag. */
    static long bytesPerSlot(long keySize) {
        return Math.max(keySize, 1) + 2L * Integer.BYTES + 1;
    }

    /** The bytes the arrays of a table take: buckets, and per slot its key, chain link, hash and flag. */
    static long bytes(long keySize, long maxEntries, long slots) {
        return MapFootprint.buckets(maxEntries) * Integer.BYTES + slots * bytesPerSlot(keySize);
    }

    int hash(byte[] key, int offset) {
        if (identity) {
            return (key[offset] & 0xff) | (key[offset + 1] & 0xff) << 8 | (key[offset + 2] & 0xff) << 16 | (key[offset + 3] & 0xff) << 24;
        }
        return JHash.hash(key, offset, keySize, 0);
    }

    /** The slot holding a key, or -1. */
    int find(byte[] key, int offset, int hash) {
        for (int s = buckets[hash & mask]; s >= 0; s = next[s]) {
            if (hashes[s] == hash && Arrays.equals(keys, s * keySize, s * keySize + keySize, key, offset, offset + keySize)) {
                return s;
            }
        }
        return -1;
    }

    /** Links a slot holding a new key at the head of its bucket. */
    void linkHead(int slot, byte[] key, int offset, int hash) {
        System.arraycopy(key, offset, keys, slot * keySize, keySize);
        hashes[slot] = hash;
        int b = hash & mask;
        next[slot] = buckets[b];
        buckets[b] = slot;
        linked[slot] = true;
        count++;
    }

    /** Unlinks a slot; false if it was not linked. */
    boolean unlink(int slot) {
        if (!linked[slot]) {
            return false;
        }
        int b = hashes[slot] & mask;
        if (buckets[b] == slot) {
            buckets[b] = next[slot];
        } else {
            int s = buckets[b];
            while (next[s] != slot) {
                s = next[s];
            }
            next[s] = next[slot];
        }
        linked[slot] = false;
        count--;
        return true;
    }

    boolean isLinked(int slot) {
        return linked[slot];
    }

    int count() {
        return count;
    }

    byte[] keys() {
        return keys;
    }

    int keyOffset(int slot) {
        return slot * keySize;
    }

    /** The slot after {@code slot} in iteration order, or -1. */
    int after(int slot) {
        if (next[slot] >= 0) {
            return next[slot];
        }
        return firstFrom((hashes[slot] & mask) + 1);
    }

    /** The first slot of the first non-empty bucket at or after {@code bucket}, or -1. */
    int firstFrom(int bucket) {
        for (int b = bucket; b <= mask; b++) {
            if (buckets[b] >= 0) {
                return buckets[b];
            }
        }
        return -1;
    }

    /** {@code get_next_key}: the slot whose key follows {@code key} (null or absent: the first). */
    int nextSlot(byte[] key) {
        if (key == null) {
            return firstFrom(0);
        }
        int s = find(key, 0, hash(key, 0));
        return s < 0 ? firstFrom(0) : after(s);
    }
}
