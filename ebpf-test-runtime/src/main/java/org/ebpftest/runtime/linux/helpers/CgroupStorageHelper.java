package org.ebpftest.runtime.linux.helpers;

import java.util.EnumSet;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.ObjectMaps;
import org.ebpftest.runtime.linux.Traps;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.CgroupStorageMap;

/**
 * {@code bpf_get_local_storage}: the address of the run's cgroup storage in a
 * {@link CgroupStorageMap}, zeroed at the test run's first call as test_run allocates it (the runs
 * of a repeat share it). Offered to
 * cgroup_skb programs and to the types the emulator runs on raw context (the other cgroup types).
 */
public final class CgroupStorageHelper {
    private CgroupStorageHelper() {
    }

    /** Registers the helper, resolving map pointers through an object's maps. */
    public static void register(HelperRegistry table, ObjectMaps maps) {
        table.register(HelperId.GET_LOCAL_STORAGE, EnumSet.of(ContextType.CGROUP_SKB, ContextType.GENERIC), (run, map, flags, r3, r4, r5) -> {
            BpfMap m = maps.map(run.vm(), map, "r1");
            if (!(m instanceof CgroupStorageMap storage)) {
                throw Traps.refused(run.vm(), HelperId.GET_LOCAL_STORAGE, "bpf_get_local_storage needs a cgroup storage map, "
                        + m.name() + " is " + m.type().displayName() + "; the verifier would refuse the program");
            }
            if (flags != 0) {
                throw Traps.refused(run.vm(), HelperId.GET_LOCAL_STORAGE, "flags must be 0, were " + flags + "; the verifier would refuse the program");
            }
            return storage.storageAddress(run.testRun(), run.vm().cpu());
        });
    }
}
