package org.ebpftest.runtime.linux;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ebpftest.runtime.linux.helpers.AllocatedObjects;
import org.ebpftest.runtime.linux.helpers.AsyncCallbacks;
import org.ebpftest.runtime.linux.maps.ArenaMap;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapArena;
import org.ebpftest.runtime.linux.maps.MapDefinition;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.SharedRegions;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * The maps of a loaded object as programs see them: each map has a pointer (what a {@code lddw}
 * of the map yields, {@link Vm#mapPointer(int)} of its index) to its {@code struct bpf_map}
 * ({@link MapStructs}), and its value memory mapped at a
 * fixed address from {@link Vm#HEAP_BASE} up, the same in every VM. Inner maps of map-in-maps get
 * pointers too. Maps that allocate elements on demand grow through this object's arena: each new
 * chunk is charged to the object's memory budget and placed in a {@link SharedRegions} table that
 * every VM of the object draws on.
 *
 * <p>It also keeps who holds each map, as the kernel's reference counts do: user space (the loaded
 * object, until the test closes the map or the object), the programs that name the map, and the
 * slots of maps of maps that hold it. A map user space lets go of loses its timers and work queues
 * ({@code map_release_uref}); a map nothing holds any more is freed ({@code bpf_map_free}).
 * Thread-safe once built.
 */
public final class ObjectMaps {
    private final List<BpfMap> maps = new ArrayList<>();
    /**
     * The maps by index, republished whole when one is added: every helper call that takes a map
     * looks it up here, and with a lock the virtual CPUs of a batch queued on it (measured: a
     * per-CPU counter updated on every packet made a batch on two CPUs cost 2.3 times the CPU
     * time per packet of one).
     */
    private volatile BpfMap[] byIndex = new BpfMap[0];
    private final List<MapStructs.Facts> facts = new ArrayList<>();
    private final Map<BpfMap, Integer> index = new IdentityHashMap<>();
    private final List<RingBufMap> rings = new ArrayList<>();
    private final SharedRegions shared = new SharedRegions(Vm.HEAP_BASE);
    private final long budget;
    // Its own lock: maps call the arena holding their own lock, while add() holds this object's.
    private final Object budgetLock = new Object();
    private long used;
    private volatile AllocatedObjects releaser;
    private volatile AsyncCallbacks asyncReleaser;
    // Its own lock: maps of maps tell it of their slots while holding their own lock.
    private final Object holdLock = new Object();
    /** How many slots of maps of maps hold each map (the references {@code bpf_map_fd_get_ptr} takes). */
    private final Map<BpfMap, Integer> innerSlots = new IdentityHashMap<>();
    /** The maps user space no longer holds: closed one by one, or all with the object. */
    private final Set<BpfMap> released = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The maps the object's loaded programs name, which each program holds as long as it is loaded. */
    private final Set<BpfMap> usedByPrograms = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<BpfMap> freed = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Maps with nothing allocated yet.
     *
     * @param budget the bytes the object's maps may take together
     * @param used what the maps take at creation, already checked against the budget
     */
    ObjectMaps(long budget, long used) {
        this.budget = budget;
        this.used = used;
    }

    /**
     * Adds a map, giving it the next pointer and addresses for its value memory, and the object's
     * arena for memory it allocates later (charged to the budget, placed in the shared space).
     */
    synchronized void add(BpfMap map) {
        add(map, MapStructs.Facts.of(map));
    }

    /** Adds a map with what its {@code struct bpf_map} shows beyond its definition. */
    synchronized void add(BpfMap map, MapStructs.Facts kernelFacts) {
        if (index.containsKey(map)) {
            return;
        }
        index.put(map, maps.size());
        maps.add(map);
        byIndex = maps.toArray(new BpfMap[0]);
        facts.add(kernelFacts);
        for (Region r : map.regions()) {
            if (shared.place(r) == 0) {
                throw new IllegalStateException("no room in the VM's address space for " + r.name() + " (" + r.bytes().length + " bytes)");
            }
        }
        map.useArena(arena());
        if (map instanceof RingBufMap rb) {
            rings.add(rb);
        }
    }

    /**
     * The object's arena: chunks charged to its budget and placed in its shared space, and the
     * kernel fields of values freed through the releaser given to {@link #releaseFieldsThrough}.
     */
    MapArena arena() {
        return new MapArena() {
            @Override
            public boolean allocate(Region chunk, long bytes) {
                return ObjectMaps.this.allocate(chunk, bytes);
            }

            @Override
            public void releaseField(MapDefinition.KernelField field, long address, long value) {
                AllocatedObjects r = releaser;
                if (r != null) {
                    r.releaseField(field, address, value);
                }
                AsyncCallbacks a = asyncReleaser;
                if (a != null) {
                    a.releaseField(field, address);
                }
            }

            @Override
            public void holdInnerMap(BpfMap inner) {
                synchronized (holdLock) {
                    innerSlots.merge(inner, 1, Integer::sum);
                }
            }

            @Override
            public void releaseInnerMap(BpfMap inner) {
                synchronized (holdLock) {
                    if (innerSlots.merge(inner, -1, Integer::sum) <= 0) {
                        innerSlots.remove(inner);
                    }
                }
                freeIfUnheld(inner);
            }
        };
    }

    /** Records the maps a loaded program names: it holds them for as long as it is loaded. */
    void usedByProgram(Set<BpfMap> used) {
        synchronized (holdLock) {
            usedByPrograms.addAll(used);
        }
    }

    /** False once user space let go of the map: the kernel's {@code usercnt} of 0, for which timers answer -EPERM. */
    public boolean heldByUser(BpfMap map) {
        synchronized (holdLock) {
            return !released.contains(map);
        }
    }

    /**
     * User space lets go of one map, as closing its file descriptor (or removing its pin) does: the
     * host can no longer use it, its timers and work queues are cancelled and freed
     * ({@code map_release_uref}), and it is freed at once if nothing else holds it.
     */
    void releaseByUser(BpfMap map, String why) {
        map.closeHostAccess(why);
        synchronized (holdLock) {
            if (!released.add(map)) {
                return;
            }
        }
        AsyncCallbacks a = asyncReleaser;
        if (a != null) {
            a.releaseMap(pointerOf(map));
        }
        freeIfUnheld(map);
    }

    /** Frees a map nobody holds any more: neither user space, nor a loaded program, nor a slot of a map of maps. */
    private void freeIfUnheld(BpfMap map) {
        synchronized (holdLock) {
            if (!released.contains(map) || usedByPrograms.contains(map) || innerSlots.containsKey(map) || !freed.add(map)) {
                return;
            }
        }
        map.free();
    }

    /**
     * The object is closed: user space and the programs let go of every map, which the host can no
     * longer use and which are all freed (after the timers and work queues were cancelled).
     */
    void closeAll(String why) {
        List<BpfMap> toFree = new ArrayList<>();
        synchronized (holdLock) {
            for (BpfMap m : maps()) {
                m.closeHostAccess(why);
                released.add(m);
                if (freed.add(m)) {
                    toFree.add(m);
                }
            }
            usedByPrograms.clear();
        }
        toFree.forEach(BpfMap::free);
    }

    /**
     * From now on, what a value's kernel fields held is freed through these: the loaded object's
     * allocated objects, and its timers and work queues.
     */
    void releaseFieldsThrough(AllocatedObjects objects, AsyncCallbacks async) {
        releaser = objects;
        asyncReleaser = async;
    }

    /** The object's arena: a chunk fits when the budget and the address space both have room. */
    private boolean allocate(Region chunk, long bytes) {
        synchronized (budgetLock) {
            if (bytes > budget - used || shared.place(chunk) == 0) {
                return false;
            }
            used += bytes;
            return true;
        }
    }

    /** The bytes the object's maps take now: at creation, plus every chunk allocated since. */
    long memoryUsed() {
        synchronized (budgetLock) {
            return used;
        }
    }

    /**
     * Maps every map's value memory into a VM at its one address: what exists now at once (so
     * error messages list it), what maps allocate later on the VM's first touch.
     */
    void mapInto(Vm vm) {
        for (Region r : shared.regions()) {
            vm.memory().map(r, r.baseAddress());
        }
        vm.memory().share(shared);
        // built for each VM, so that it shows whether a map is frozen now
        synchronized (this) {
            vm.memory().map(MapStructs.region(List.copyOf(maps), List.copyOf(facts)), Vm.MAP_POINTER_BASE);
            // libbpf loads at most one arena per object (the verifier: one per program)
            maps.stream().filter(ArenaMap.class::isInstance).map(ArenaMap.class::cast).findFirst().ifPresent(vm.memory()::useArena);
        }
    }

    /** Every map, in the order added. */
    synchronized List<BpfMap> maps() {
        return Collections.unmodifiableList(new ArrayList<>(maps));
    }

    /** The pointer a program holds for a map. */
    public synchronized long pointerOf(BpfMap map) {
        Integer i = index.get(map);
        if (i == null) {
            throw new IllegalArgumentException("map " + map.name() + " does not belong to this object");
        }
        return Vm.mapPointer(i);
    }

    /** The index of a map in creation order, from 0, as its pointer encodes it. */
    public synchronized int indexOf(BpfMap map) {
        return Vm.mapIndex(pointerOf(map));
    }

    /** The map a pointer names, or null when it names none. */
    public BpfMap mapAt(long pointer) {
        BpfMap[] all = byIndex;
        int i = Vm.mapIndex(pointer);
        return i >= 0 && i < all.length ? all[i] : null;
    }

    /** The map a helper argument names; traps at the call when the register holds no map pointer. */
    public BpfMap map(Vm vm, long pointer, String register) {
        BpfMap m = mapAt(pointer);
        if (m == null) {
            throw Traps.atCall(vm, TrapException.Kind.INVALID, register + " = 0x" + Long.toHexString(pointer) + " is not a map pointer");
        }
        return m;
    }

    /** The map a helper argument names, which must be of a given kind. */
    public <T extends BpfMap> T map(Vm vm, long pointer, String register, Class<T> kind) {
        BpfMap m = map(vm, pointer, register);
        if (!kind.isInstance(m)) {
            throw Traps.atCall(vm, TrapException.Kind.INVALID, "map " + m.name() + " in " + register + " is a " + m.type() + " map, not the kind this helper takes");
        }
        return kind.cast(m);
    }

    /** The ring buffer a reserved sample belongs to; traps when none does. */
    public RingBufMap ringOwning(Vm vm, String helper, long sample) {
        synchronized (this) {
            for (RingBufMap rb : rings) {
                if (rb.owns(sample)) {
                    return rb;
                }
            }
        }
        throw Traps.atCall(vm, TrapException.Kind.INVALID, helper + ": r1 = 0x" + Long.toHexString(sample)
                + " is not a sample reserved from a ring buffer of this object");
    }
}
