package org.ebpftest.runtime.linux.maps;

import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Region;

/**
 * {@code BPF_MAP_TYPE_CGROUP_STORAGE} and {@code BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE} as
 * {@code BPF_PROG_TEST_RUN} sees them: a program reaches its storage only through
 * {@code bpf_get_local_storage}, and test_run allocates that storage zeroed for each test run and
 * frees it afterwards ({@code bpf_cgroup_storages_alloc}), since the program is attached to no
 * cgroup; the runs of one {@code repeat} share it (confirmed against the kernel). So every test run
 * starts from zeros, and user space, which finds storage by cgroup, finds none: lookups
 * and key walks find nothing, updates answer {@code -ENOENT} and deletes {@code -EINVAL}, as
 * kernel/bpf/local_storage.c does.
 */
public final class CgroupStorageMap extends BpfMap {
    private static final long BPF_EXIST = 2;
    private static final long BPF_F_LOCK = 4;

    private final Region storage;
    private Object run;

    CgroupStorageMap(MapDefinition def, int cpus) {
        super(def, cpus);
        storage = new Region("map " + def.name() + " (the run's cgroup storage)", new byte[def.valueSize() * (isPerCpu() ? cpus : 1)], true);
    }

    @Override
    public boolean isPerCpu() {
        return type() == MapType.PERCPU_CGROUP_STORAGE_DEPRECATED;
    }

    @Override
    public List<Region> regions() {
        return List.of(storage);
    }

    /**
     * The address of the storage of the run in progress on a CPU, as {@code bpf_get_local_storage}
     * answers it: the first call of a new test run zeroes the storage, as test_run allocates it
     * afresh; the runs of a repeat are one {@code currentRun}, so they share it.
     *
     * @param currentRun the test run asking ({@code KernelRun.testRun()}), compared by identity
     * @param cpu the CPU it runs on (the per-CPU type's value of that CPU)
     */
    public synchronized long storageAddress(Object currentRun, int cpu) {
        if (run != currentRun) {
            Arrays.fill(storage.bytes(), (byte) 0);
            run = currentRun;
        }
        return storage.baseAddress() + (isPerCpu() ? (long) cpu * valueSize() : 0);
    }

    @Override
    List<byte[]> hostLookup(byte[] key) {
        return null;
    }

    @Override
    long hostUpdate(byte[] key, List<byte[]> values, long flags) {
        if ((flags & ~(BPF_F_LOCK | BPF_EXIST)) != 0 || (flags & BPF_F_LOCK) != 0 && definition().spinLockOffset() < 0) {
            return -Errno.EINVAL;
        }
        return -Errno.ENOENT;
    }

    @Override
    long hostDelete(byte[] key) {
        return -Errno.EINVAL;
    }

    @Override
    long hostNextKey(byte[] key, byte[] out) {
        return -Errno.ENOENT;
    }

    @Override
    public int size() {
        return 0;
    }
}
