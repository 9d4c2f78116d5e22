package org.ebpftest.runtime.linux.maps;

import org.ebpftest.runtime.uapi.Errno;

/**
 * The slot bookkeeping of a map that is either an array, whose key is the slot index, or a hash
 * with {@code max_entries} preallocated elements: devmaps and the maps that refer to kernel objects
 * share it. A hash keeps a {@link HashTable} and a stack of free slots; an array needs neither.
 * Not thread-safe: the owning map holds its lock.
 */
final class FixedSlots {
    private final int keySize;
    private final int slots;
    private final HashTable table;
    private final int[] free;
    private int freeTop;

    private FixedSlots(int keySize, int slots, HashTable table) {
        this.keySize = keySize;
        this.slots = slots;
        this.table = table;
        this.free = new int[table == null ? 0 : slots];
        for (int i = 0; i < free.length; i++) {
            free[i] = slots - 1 - i;
        }
        this.freeTop = free.length;
    }

    /** Slots indexed by a u32 key. */
    static FixedSlots array(int slots) {
        return new FixedSlots(4, slots, null);
    }

    /** Slots found through a hash table. */
    static FixedSlots hash(int keySize, int slots, boolean identity) {
        return new FixedSlots(keySize, slots, new HashTable(keySize, slots, slots, identity));
    }

    /** True for a hash, false for an array. */
    boolean hashed() {
        return table != null;
    }

    /** The key's hash, for {@link #find} and {@link #insert}. */
    int hash(byte[] key, int offset) {
        return table.hash(key, offset);
    }

    /** The slot holding a hash key, or -1. */
    int find(byte[] key, int offset, int hash) {
        return table.find(key, offset, hash);
    }

    /** The slot holding a hash key, or -1. */
    int find(byte[] key, int offset) {
        return table.find(key, offset, table.hash(key, offset));
    }

    /** True when every preallocated element of a hash is in use. */
    boolean isFull() {
        return freeTop == 0;
    }

    /** Takes a free slot for a new hash key and links it at the head of its bucket. */
    int insert(byte[] key, int offset, int hash) {
        int s = free[--freeTop];
        table.linkHead(s, key, offset, hash);
        return s;
    }

    /** Unlinks a hash slot and frees it. */
    void remove(int slot) {
        table.unlink(slot);
        free[freeTop++] = slot;
    }

    /** The number of hash elements in use. */
    int count() {
        return table.count();
    }

    /** {@code get_next_key}: writes the key after {@code key} (null: the first) into {@code out}; 0 or -ENOENT. */
    long nextKey(byte[] key, byte[] out) {
        if (table == null) {
            return ArrayIndex.next(key, slots, out);
        }
        int s = table.nextSlot(key);
        if (s < 0) {
            return -Errno.ENOENT;
        }
        System.arraycopy(table.keys(), table.keyOffset(s), out, 0, keySize);
        return 0;
    }
}
