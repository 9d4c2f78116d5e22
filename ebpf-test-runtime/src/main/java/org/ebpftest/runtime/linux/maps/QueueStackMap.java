package org.ebpftest.runtime.linux.maps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;

/**
 * {@code BPF_MAP_TYPE_QUEUE} (FIFO) and {@code BPF_MAP_TYPE_STACK} (LIFO): values without keys in
 * a ring of {@code max_entries + 1} slots, as {@code queue_stack_maps.c} keeps them. Push into a
 * full map is -E2BIG unless the flags are {@code BPF_EXIST}, which drops the oldest element (for
 * a stack too); {@code BPF_NOEXIST} or unknown flags are -EINVAL; pop and peek of an empty map
 * are -ENOENT. Lookup, update, delete and get_next_key by key are -EINVAL from user space.
 */
public final class QueueStackMap extends ValueOnlyMap {
    private final boolean stack;
    private final int ringSize;
    private final byte[] ring;
    private int head;
    private int tail;

    QueueStackMap(MapDefinition def, int cpus) {
        super(def, cpus, Errno.EINVAL);
        this.stack = def.type() == MapType.STACK;
        this.ringSize = (int) def.maxEntries() + 1;
        this.ring = new byte[Math.multiplyExact(ringSize, def.valueSize())];
    }

    private boolean isEmpty() {
        return head == tail;
    }

    private boolean isFull() {
        int h = head + 1;
        if (h >= ringSize) {
            h = 0;
        }
        return h == tail;
    }

    @Override
    public synchronized int size() {
        return Math.floorMod(head - tail, ringSize);
    }

    @Override
    public synchronized long pushElem(byte[] value, int valueOffset, long flags) {
        if ((flags & MapFlags.BPF_NOEXIST) != 0 || flags > MapFlags.BPF_EXIST || flags < 0) {
            return -Errno.EINVAL;
        }
        if (isFull()) {
            if (flags != MapFlags.BPF_EXIST) {
                return -Errno.E2BIG;
            }
            if (++tail >= ringSize) {
                tail = 0;
            }
        }
        System.arraycopy(value, valueOffset, ring, head * valueSize(), valueSize());
        if (++head >= ringSize) {
            head = 0;
        }
        return 0;
    }

    @Override
    public synchronized long popElem(byte[] out, int outOffset) {
        return take(out, outOffset, true);
    }

    @Override
    public synchronized long peekElem(byte[] out, int outOffset) {
        return take(out, outOffset, false);
    }

    private long take(byte[] out, int outOffset, boolean remove) {
        if (isEmpty()) {
            return -Errno.ENOENT;
        }
        int index;
        if (stack) {
            index = head - 1 < 0 ? ringSize - 1 : head - 1;
            if (remove) {
                head = index;
            }
        } else {
            index = tail;
            if (remove && ++tail >= ringSize) {
                tail = 0;
            }
        }
        System.arraycopy(ring, index * valueSize(), out, outOffset, valueSize());
        return 0;
    }

    /**
     * Pops from the host ({@code BPF_MAP_LOOKUP_AND_DELETE_ELEM}): the value, or empty when the map is empty.
     *
     * @throws MapOperationException (EPERM) when the map is frozen, as the kernel refuses the pop
     */
    public Optional<byte[]> pop() {
        requireNotFrozen("lookup_and_delete");
        byte[] out = new byte[valueSize()];
        return popElem(out, 0) == 0 ? Optional.of(out) : Optional.empty();
    }

    /** Peeks from the host ({@code BPF_MAP_LOOKUP_ELEM} with a null key): the value, or empty when the map is empty. */
    public Optional<byte[]> peek() {
        byte[] out = new byte[valueSize()];
        return peekElem(out, 0) == 0 ? Optional.of(out) : Optional.empty();
    }

    /** The values in the order pops would return them, without removing them. */
    public synchronized List<byte[]> values() {
        List<byte[]> out = new ArrayList<>();
        int n = size();
        for (int i = 0; i < n; i++) {
            int index = stack ? Math.floorMod(head - 1 - i, ringSize) : (tail + i) % ringSize;
            byte[] v = new byte[valueSize()];
            System.arraycopy(ring, index * valueSize(), v, 0, valueSize());
            out.add(v);
        }
        return out;
    }

    @Override
    public synchronized List<MapEntry> entries() {
        return values().stream().map(v -> MapEntry.of(new byte[0], v)).toList();
    }

    @Override
    public synchronized void clear() {
        requireNotFrozen("clear");
        head = 0;
        tail = 0;
    }
}
