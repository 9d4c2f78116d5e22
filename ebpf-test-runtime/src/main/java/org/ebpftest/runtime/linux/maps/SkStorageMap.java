package org.ebpftest.runtime.linux.maps;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_SK_STORAGE}: a value per socket, which programs reach through
 * {@code bpf_sk_storage_get} (creating it with {@code BPF_SK_STORAGE_GET_F_CREATE}, from the value
 * given or zeroed) and remove with {@code bpf_sk_storage_delete}, as net/core/bpf_sk_storage.c does.
 * A socket is any object standing for one, compared by identity: the emulator's sockets
 * ({@code SocketTable.Socket}) and the socket test_run attaches to a packet.
 *
 * <p>User space names a socket by file descriptor, and the emulator has none: the {@code bpf()}
 * calls with a key answer {@code EBADF}, as the kernel does for a descriptor that is no socket, and
 * a key walk {@code ENOTSUPP} as the kernel's does. Tests use {@link #storage}, {@link #setStorage}
 * and {@link #deleteStorage} with the socket instead. Values live in chunks allocated as sockets
 * get storage, at addresses that never change while the storage lives.
 */
public final class SkStorageMap extends BpfMap {
    /** {@code BPF_SK_STORAGE_GET_F_CREATE}. */
    public static final long GET_F_CREATE = 1;
    /** The most sockets that may hold storage of one map at once (the kernel is limited by memory only). */
    static final int MAX_OWNERS = 1 << 16;

    private final ValueArea values;
    private final SlotPool free = new SlotPool(MAX_OWNERS);
    private final Map<Object, Integer> slots = new IdentityHashMap<>();
    /** The socket of one run only (test_run's), whose storage goes when another run's comes. */
    private Object transientOwner;

    SkStorageMap(MapDefinition def, int cpus) {
        super(def, cpus);
        values = new ValueArea(def, MAX_OWNERS, 1, true, true, 0);
    }

    @Override
    public synchronized List<Region> regions() {
        return values.regions();
    }

    @Override
    public synchronized void useArena(MapArena arena) {
        values.useArena(arena);
    }

    @Override
    public synchronized long memoryFootprint() {
        return super.memoryFootprint() + values.chargedBytes();
    }

    /**
     * {@code bpf_sk_storage_get} on a full socket: the address of the socket's value, creating it
     * when asked (from {@code init} at {@code initOffset}, or zeroed when {@code init} is null);
     * 0 when it has none and none is created, or memory ran out.
     */
    public synchronized long getElem(Object socket, boolean create, byte[] init, int initOffset) {
        Objects.requireNonNull(socket, "socket");
        Integer slot = slots.get(socket);
        if (slot == null) {
            if (!create) {
                return 0;
            }
            slot = allocate(socket);
            if (slot < 0) {
                return 0;
            }
            if (init != null) {
                values.write(slot, 0, init, initOffset);
            }
        }
        return values.address(slot, 0);
    }

    /**
     * Makes {@code owner} the socket that lives for one run only (the one test_run attaches to a
     * packet): the storage of the previous such socket is freed, as the kernel frees a socket's
     * storage with the socket. User space never sees it.
     */
    public synchronized void useTransientOwner(Object owner) {
        if (transientOwner != owner) {
            if (transientOwner != null) {
                deleteElem(transientOwner);
            }
            transientOwner = owner;
        }
    }

    /** {@code bpf_sk_storage_delete} on a full socket: 0, or {@code -ENOENT} when it has no storage here. */
    public synchronized long deleteElem(Object socket) {
        Integer slot = slots.remove(socket);
        if (slot == null) {
            return -Errno.ENOENT;
        }
        free.give(slot);
        return 0;
    }

    /** A copy of a socket's value, if it has one. */
    public synchronized Optional<byte[]> storage(Object socket) {
        requireOpen();
        Integer slot = slots.get(socket);
        return slot == null ? Optional.empty() : Optional.of(values.read(slot, 0));
    }

    /**
     * Gives a socket a value, as user space does with the socket's descriptor as key
     * ({@code BPF_ANY}).
     *
     * @throws IllegalArgumentException if the value is not {@code value_size} bytes
     * @throws MapOperationException with ENOMEM when the memory budget has no room
     */
    public synchronized void setStorage(Object socket, byte[] value) {
        requireOpen();
        if (value.length != valueSize()) {
            throw new IllegalArgumentException("a value of map \"" + name() + "\" is " + valueSize() + " bytes, not " + value.length);
        }
        Integer slot = slots.get(socket);
        if (slot == null) {
            slot = allocate(socket);
            if (slot < 0) {
                throw new MapOperationException(name(), "update", Errno.ENOMEM);
            }
        }
        values.write(slot, 0, value, 0);
    }

    /** Removes a socket's value; false when it had none. */
    public boolean deleteStorage(Object socket) {
        requireOpen();
        return deleteElem(socket) == 0;
    }

    /** The sockets holding storage now, in no particular order. */
    public synchronized List<Object> owners() {
        return slots.keySet().stream().filter(o -> o != transientOwner).toList();
    }

    private int allocate(Object socket) {
        int slot = free.take();
        if (slot < 0) {
            return -1;
        }
        if (values.ensure(slot) < 0) {
            free.give(slot);
            return -1;
        }
        values.zero(slot);
        slots.put(socket, slot);
        return slot;
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        throw new MapOperationException(name(), "lookup", Errno.EBADF);
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        return -Errno.EBADF;
    }

    @Override
    long hostDelete(byte[] key) {
        return -Errno.EBADF;
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        return -Errno.ENOTSUPP;
    }

    @Override
    public synchronized int size() {
        return owners().size();
    }
}
