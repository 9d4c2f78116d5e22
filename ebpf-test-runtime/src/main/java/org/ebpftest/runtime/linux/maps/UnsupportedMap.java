package org.ebpftest.runtime.linux.maps;

import java.util.List;

/**
 * A map of a type the emulator does not model (socket, task, inode and cgroup storage, user ring
 * buffers, arenas, ...), created so that an object that declares one still loads: Linux creates
 * it, and a program run that never touches it does not need it. Every use, from a program's helper
 * call or from the host, throws {@link UnsupportedOperationException} naming the map, its type
 * and what is missing; a program's use traps at the call.
 *
 * <p>The definition is not checked as {@code BPF_MAP_CREATE} would check it for its type.
 */
public final class UnsupportedMap extends BpfMap {
    UnsupportedMap(MapDefinition def, int cpus) {
        super(def, cpus);
    }

    private UnsupportedOperationException missing(String operation) {
        return new UnsupportedOperationException(operation + " on map \"" + name() + "\" of type " + definition().typeName()
                + ": the emulator has no model of " + definition().typeName() + " maps (it loads them so that runs that do not use them work)");
    }

    @Override
    public long lookupAddress(byte[] key, int keyOffset, int cpu) {
        throw missing("bpf_map_lookup_elem");
    }

    @Override
    public long updateElem(byte[] key, int keyOffset, byte[] value, int valueOffset, long flags, int cpu) {
        throw missing("bpf_map_update_elem");
    }

    @Override
    public long deleteElem(byte[] key, int keyOffset, int cpu) {
        throw missing("bpf_map_delete_elem");
    }

    @Override
    public long forEachElem(long flags, int cpu, ElementVisitor visitor) {
        throw missing("bpf_for_each_map_elem");
    }

    @Override
    public long pushElem(byte[] value, int valueOffset, long flags) {
        throw missing("bpf_map_push_elem");
    }

    @Override
    public long popElem(byte[] out, int outOffset) {
        throw missing("bpf_map_pop_elem");
    }

    @Override
    public long peekElem(byte[] out, int outOffset) {
        throw missing("bpf_map_peek_elem");
    }

    @Override
    public void freeze() {
        throw missing("freezing");
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        throw missing("lookup");
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        throw missing("update");
    }

    @Override
    long hostDelete(byte[] key) {
        throw missing("delete");
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        throw missing("iteration");
    }

    @Override
    public int size() {
        throw missing("counting elements");
    }
}
