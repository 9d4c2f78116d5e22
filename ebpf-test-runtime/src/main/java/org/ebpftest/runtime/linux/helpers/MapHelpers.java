package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.FOR_EACH_MAP_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_DELETE_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_LOOKUP_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_LOOKUP_PERCPU_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_PEEK_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_POP_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_PUSH_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.MAP_UPDATE_ELEM;
import static org.ebpftest.runtime.linux.helpers.HelperId.PERF_EVENT_OUTPUT;
import static org.ebpftest.runtime.linux.helpers.HelperId.REDIRECT_MAP;
import static org.ebpftest.runtime.linux.helpers.HelperId.RINGBUF_DISCARD;
import static org.ebpftest.runtime.linux.helpers.HelperId.RINGBUF_OUTPUT;
import static org.ebpftest.runtime.linux.helpers.HelperId.RINGBUF_QUERY;
import static org.ebpftest.runtime.linux.helpers.HelperId.RINGBUF_RESERVE;
import static org.ebpftest.runtime.linux.helpers.HelperId.RINGBUF_SUBMIT;
import static org.ebpftest.runtime.linux.helpers.HelperId.SPIN_LOCK;
import static org.ebpftest.runtime.linux.helpers.HelperId.SPIN_UNLOCK;
import static org.ebpftest.runtime.linux.helpers.HelperId.TAIL_CALL;
import static org.ebpftest.runtime.linux.helpers.HelperId.USER_RINGBUF_DRAIN;

import java.util.Arrays;
import java.util.Set;
import java.util.function.LongSupplier;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.ObjectMaps;
import org.ebpftest.runtime.linux.Traps;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.DevMap;
import org.ebpftest.runtime.linux.maps.PerfEventArrayMap;
import org.ebpftest.runtime.linux.maps.ReferenceMap;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.ebpftest.runtime.linux.maps.SpinLocks;
import org.ebpftest.runtime.linux.maps.UserRingBufMap;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.uapi.XdpAction;
import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;

/**
 * The helpers that work on maps, as thin adapters from registers to the map engine: each reads its
 * key or value where the program keeps it (stack, packet, another map's value) and returns what the
 * kernel's helper returns in r0. Map pointers are resolved through the object's {@link ObjectMaps}.
 */
public final class MapHelpers {
    /** Bytes of scratch memory per nesting level of {@code bpf_for_each_map_elem}, enough for any key. */
    public static final int SCRATCH_PER_LEVEL = 512;
    /** How deeply {@code bpf_for_each_map_elem} can nest (its callback may call it again). */
    public static final int SCRATCH_LEVELS = Vm.MAX_CALL_FRAMES;

    private static final long BPF_F_ACTION_MASK = 3;
    private static final long BPF_F_BROADCAST = 1 << 3;
    private static final long BPF_F_EXCLUDE_INGRESS = 1 << 4;
    private static final long BPF_F_CTXLEN_MASK = 0xfffff00000000000L;

    private MapHelpers() {
    }

    /** Registers every map helper into a table, resolving map pointers through {@code maps}. */
    public static void register(HelperRegistry table, ObjectMaps maps) {
        // The lookup, which a program makes most, catches what onMap catches itself: no supplier
        // object per call, and two methods fewer for the JVM to compile before a run is fast.
        table.register(MAP_LOOKUP_ELEM, (run, map, key, r3, r4, r5) -> {
            try {
                return lookup(run, maps.map(run.vm(), map, "r1"), key, run.vm().cpu(), maps);
            } catch (UnsupportedOperationException e) {
                throw Traps.unsupported(run.vm(), MAP_LOOKUP_ELEM, e.getMessage(), e);
            }
        });
        table.register(MAP_UPDATE_ELEM, (run, map, key, value, flags, r5) ->
                onMap(run, MAP_UPDATE_ELEM, () -> update(run.vm(), maps.map(run.vm(), map, "r1"), key, value, flags)));
        table.register(MAP_DELETE_ELEM, (run, map, key, r3, r4, r5) -> {
            BpfMap m = maps.map(run.vm(), map, "r1");
            Region k = in(run.vm(), key, m.keySize());
            return onMap(run, MAP_DELETE_ELEM, () -> m.deleteElem(k.bytes(), offset(k, key), run.vm().cpu()));
        });
        table.register(MAP_LOOKUP_PERCPU_ELEM, (run, map, key, cpu, r4, r5) -> {
            BpfMap m = maps.map(run.vm(), map, "r1");
            if (!m.isPerCpu()) {
                throw Traps.refused(run.vm(), MAP_LOOKUP_PERCPU_ELEM, "bpf_map_lookup_percpu_elem needs a per-CPU map, " + m.name() + " is " + m.type());
            }
            return cpu >= 0 && cpu < m.cpus() ? onMap(run, MAP_LOOKUP_PERCPU_ELEM, () -> lookup(run, m, key, (int) cpu, maps)) : 0;
        });
        table.register(MAP_PUSH_ELEM, (run, map, value, flags, r4, r5) -> {
            BpfMap m = maps.map(run.vm(), map, "r1");
            Region v = in(run.vm(), value, m.valueSize());
            return onMap(run, MAP_PUSH_ELEM, () -> m.pushElem(v.bytes(), offset(v, value), flags));
        });
        table.register(MAP_POP_ELEM, (run, map, value, r3, r4, r5) -> {
            BpfMap m = maps.map(run.vm(), map, "r1");
            Region v = out(run.vm(), value, m.valueSize());
            return onMap(run, MAP_POP_ELEM, () -> m.popElem(v.bytes(), offset(v, value)));
        });
        table.register(MAP_PEEK_ELEM, (run, map, value, r3, r4, r5) -> {
            BpfMap m = maps.map(run.vm(), map, "r1");
            Region v = out(run.vm(), value, m.valueSize());
            return onMap(run, MAP_PEEK_ELEM, () -> m.peekElem(v.bytes(), offset(v, value)));
        });
        table.register(FOR_EACH_MAP_ELEM, (run, map, callback, ctx, flags, r5) ->
                onMap(run, FOR_EACH_MAP_ELEM, () -> forEach(run, maps.map(run.vm(), map, "r1"), map, callback, ctx, flags)));
        table.register(SPIN_LOCK, (run, lock, r2, r3, r4, r5) -> {
            Execution e = run.vm().execution();
            return onLock(run, SPIN_LOCK, () -> SpinLocks.lock(run.vm().memory(), lock, run.lockHolder(), "pc " + (e.pc() - 1) + " of " + e.program().name()));
        });
        table.register(SPIN_UNLOCK, (run, lock, r2, r3, r4, r5) -> {
            return onLock(run, SPIN_UNLOCK, () -> SpinLocks.unlock(run.vm().memory(), lock));
        });
        table.register(RINGBUF_OUTPUT, (run, map, data, size, flags, r5) -> {
            RingBufMap rb = maps.map(run.vm(), map, "r1", RingBufMap.class);
            Region d = in(run.vm(), data, (int) size);
            return rb.output(d.bytes(), offset(d, data), (int) size, flags);
        });
        table.register(RINGBUF_RESERVE, (run, map, size, flags, r4, r5) -> maps.map(run.vm(), map, "r1", RingBufMap.class).reserve(size, flags));
        table.register(RINGBUF_SUBMIT, (run, sample, flags, r3, r4, r5) -> commit(run.vm(), maps, "bpf_ringbuf_submit", sample, flags, false));
        table.register(RINGBUF_DISCARD, (run, sample, flags, r3, r4, r5) -> commit(run.vm(), maps, "bpf_ringbuf_discard", sample, flags, true));
        table.register(RINGBUF_QUERY, (run, map, flags, r3, r4, r5) -> maps.map(run.vm(), map, "r1", RingBufMap.class).query(flags));
        table.register(USER_RINGBUF_DRAIN, (run, map, callback, ctx, flags, r5) ->
                drain(run, maps.map(run.vm(), map, "r1", UserRingBufMap.class), callback, ctx, flags));
        table.register(PERF_EVENT_OUTPUT, (run, ctx, map, flags, data, size) -> {
            PerfEventArrayMap perf = maps.map(run.vm(), map, "r2", PerfEventArrayMap.class);
            if ((flags & BPF_F_CTXLEN_MASK) != 0) {
                throw Traps.unsupported(run.vm(), PERF_EVENT_OUTPUT, "bpf_perf_event_output with BPF_F_CTXLEN_MASK (appending packet bytes) is not emulated");
            }
            Region d = in(run.vm(), data, (int) size);
            return perf.output(flags, run.vm().cpu(), d.bytes(), offset(d, data), (int) size);
        });
        table.register(TAIL_CALL, TailCalls.helper((address, index) -> {
            BpfMap m = maps.mapAt(address);
            if (m == null || m.type() != MapType.PROG_ARRAY) {
                return null;
            }
            return ((ReferenceMap) m).reference(index).filter(Program.class::isInstance).map(Program.class::cast).orElse(null);
        }));
        table.register(REDIRECT_MAP, Set.of(ContextType.XDP), (run, map, key, flags, r4, r5) -> redirectMap(run, maps.map(run.vm(), map, "r1"), key, flags));
    }

    /**
     * Runs a program-path operation of the map engine. {@link BpfMap} answers a helper its map type
     * does not take (a lookup in a program array, a push onto a hash map) with
     * UnsupportedOperationException: a program the kernel's verifier rejects, so the call traps.
     */
    private static long onMap(KernelRun run, HelperId id, LongSupplier operation) {
        try {
            return operation.getAsLong();
        } catch (UnsupportedOperationException e) {
            throw Traps.unsupported(run.vm(), id, e.getMessage(), e);
        }
    }

    /**
     * Takes or releases a lock word. {@link SpinLocks} refuses a misaligned lock, and a lock no
     * running program can release, with IllegalArgumentException and IllegalStateException: what
     * the verifier's lock tracking would have refused at load.
     */
    private static long onLock(KernelRun run, HelperId id, Runnable operation) {
        try {
            operation.run();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw Traps.refused(run.vm(), id, e.getMessage(), e);
        }
    }

    /**
     * Submits or discards a ring buffer sample. The verifier only lets a program pass the pointer
     * {@code bpf_ringbuf_reserve} returned, unmoved and once; anything else is a trap naming the
     * helper and the pointer, never a commit of whatever header bytes the pointer happens to follow.
     */
    private static long commit(Vm vm, ObjectMaps maps, String helper, long sample, long flags, boolean discard) {
        RingBufMap rb = maps.ringOwning(vm, helper, sample);
        try {
            if (discard) {
                rb.discard(sample, flags);
            } else {
                rb.submit(sample, flags);
            }
        } catch (IllegalArgumentException e) {
            throw Traps.atCall(vm, TrapException.Kind.INVALID, helper + ": r1 = " + e.getMessage(), e);
        }
        return 0;
    }

    private static long lookup(KernelRun run, BpfMap m, long key, int cpu, ObjectMaps maps) {
        Region k = in(run.vm(), key, m.keySize());
        if (m.type() == MapType.ARRAY_OF_MAPS || m.type() == MapType.HASH_OF_MAPS) {
            byte[] keyBytes = Arrays.copyOfRange(k.bytes(), offset(k, key), offset(k, key) + m.keySize());
            return ((ReferenceMap) m).reference(keyBytes).filter(BpfMap.class::isInstance).map(inner -> maps.pointerOf((BpfMap) inner)).orElse(0L);
        }
        return m.lookupAddress(k.bytes(), offset(k, key), cpu);
    }

    private static long update(Vm vm, BpfMap m, long key, long value, long flags) {
        if ((m.definition().flags() & MapFlags.BPF_F_RDONLY_PROG) != 0) {
            throw Traps.refused(vm, MAP_UPDATE_ELEM, "map " + m.name() + " is read-only to programs (BPF_F_RDONLY_PROG); the verifier refuses this update");
        }
        Region k = in(vm, key, m.keySize());
        Region v = in(vm, value, m.valueSize());
        return m.updateElem(k.bytes(), offset(k, key), v.bytes(), offset(v, value), flags, vm.cpu());
    }

    private static long forEach(KernelRun run, BpfMap m, long mapPointer, long callback, long ctx, long flags) {
        Vm vm = run.vm();
        Region scratch = vm.memory().regionAt(Vm.SCRATCH_ADDRESS);
        int level = run.enterScratch();
        if (level >= SCRATCH_LEVELS || m.keySize() > SCRATCH_PER_LEVEL) {
            run.leaveScratch();
            throw Traps.refused(vm, FOR_EACH_MAP_ELEM, "bpf_for_each_map_elem nested " + level + " deep or with a " + m.keySize() + "-byte key");
        }
        int slot = level * SCRATCH_PER_LEVEL;
        try {
            return m.forEachElem(flags, vm.cpu(), (key, keyOffset, valueAddress) -> {
                System.arraycopy(key, keyOffset, scratch.bytes(), slot, m.keySize());
                return vm.callFunction(callback, mapPointer, Vm.SCRATCH_ADDRESS + slot, valueAddress, ctx);
            });
        } finally {
            run.leaveScratch();
        }
    }

    /**
     * bpf_user_ringbuf_drain: -EINVAL for flags other than the wakeup ones, else each record in
     * turn to the callback as a dynptr over it (in scratch memory, as the kernel's is on its stack)
     * until the callback answers non-zero; the number of records consumed.
     */
    /** bpf_user_ringbuf_drain's flags: whether user space is woken up. */
    private static final long BPF_RB_NO_WAKEUP = 1;
    private static final long BPF_RB_FORCE_WAKEUP = 2;

    private static long drain(KernelRun run, UserRingBufMap ring, long callback, long ctx, long flags) {
        if ((flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)) != 0) {
            return -Errno.EINVAL;
        }
        Vm vm = run.vm();
        int level = run.enterScratch();
        if (level >= SCRATCH_LEVELS) {
            run.leaveScratch();
            throw Traps.refused(vm, USER_RINGBUF_DRAIN, "bpf_user_ringbuf_drain nested " + level + " deep");
        }
        int slot = level * SCRATCH_PER_LEVEL;
        Region scratch = vm.memory().regionAt(Vm.SCRATCH_ADDRESS);
        try {
            return ring.drain((address, length) -> {
                // the dynptr is const to the callback (CONST_PTR_TO_DYNPTR): read-only scratch memory
                System.arraycopy(Dynptrs.local(address, length), 0, scratch.bytes(), slot, 16);
                return vm.callFunction(callback, Vm.SCRATCH_ADDRESS + slot, ctx, 0, 0);
            });
        } finally {
            run.leaveScratch();
        }
    }

    private static long redirectMap(KernelRun run, BpfMap m, long key, long flags) {
        long allowed = BPF_F_ACTION_MASK | (m.type() == MapType.DEVMAP || m.type() == MapType.DEVMAP_HASH ? BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS : 0);
        if ((flags & ~allowed) != 0) {
            return XdpAction.ABORTED.value();
        }
        long index = key & 0xffffffffL;
        boolean found;
        int target;
        switch (m.type()) {
            case DEVMAP, DEVMAP_HASH -> {
                byte[] value = ((DevMap) m).target(index).orElse(null);
                found = value != null;
                target = found ? (value[0] & 0xff) | (value[1] & 0xff) << 8 | (value[2] & 0xff) << 16 | (value[3] & 0xff) << 24 : 0;
            }
            case CPUMAP, XSKMAP -> {
                found = ((ReferenceMap) m).reference(index).isPresent();
                target = (int) index;
            }
            default -> throw Traps.refused(run.vm(), REDIRECT_MAP, "bpf_redirect_map needs a devmap, cpumap or xskmap, " + m.name() + " is " + m.type());
        }
        boolean broadcast = (flags & BPF_F_BROADCAST) != 0;
        if (!found && !broadcast) {
            return flags & BPF_F_ACTION_MASK;
        }
        // a broadcast goes to every device of the map (but the ingress one with
        // BPF_F_EXCLUDE_INGRESS) whatever the key: Linux answers XDP_REDIRECT without a lookup hit
        run.redirect(new Redirect("bpf_redirect_map(" + m.name() + (broadcast ? ", broadcast" : "") + ")", broadcast ? 0 : target, flags,
                false));
        return XdpAction.REDIRECT.value();
    }

    /** The region holding {@code size} readable bytes at {@code address}. */
    static Region in(Vm vm, long address, int size) {
        return vm.memory().require(address, size, false);
    }

    /** The region holding {@code size} writable bytes at {@code address}. */
    static Region out(Vm vm, long address, int size) {
        return vm.memory().require(address, size, true);
    }

    static int offset(Region r, long address) {
        return (int) (address - r.baseAddress());
    }
}
