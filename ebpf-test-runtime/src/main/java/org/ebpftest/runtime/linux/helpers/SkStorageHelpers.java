package org.ebpftest.runtime.linux.helpers;

import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.ObjectMaps;
import org.ebpftest.runtime.linux.maps.SkStorageMap;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.TrapException;

/**
 * {@code bpf_sk_storage_get} and {@code bpf_sk_storage_delete} (net/core/bpf_sk_storage.c) on the
 * sockets programs hold: those of the environment's socket table (from the lookups, or
 * {@code skb->sk} when the test named one) and the socket test_run attaches to a packet.
 */
public final class SkStorageHelpers {
    /** tc and cgroup_skb programs have them ({@code tc_cls_act_func_proto}, {@code cg_skb_func_proto}). */
    static final Set<ContextType> TYPES = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.CGROUP_SKB);

    private SkStorageHelpers() {
    }

    /** Registers both helpers over an object's maps. */
    public static void register(HelperRegistry table, ObjectMaps maps) {
        table.register(HelperId.SK_STORAGE_GET, TYPES, (run, map, sk, value, flags, r5) -> get(run, maps, map, sk, value, flags));
        table.register(HelperId.SK_STORAGE_DELETE, TYPES, (run, map, sk, r3, r4, r5) -> delete(run, maps, map, sk));
    }

    /** The socket a pointer names as the storage's owner, or null for a socket that is not full; traps for what is no socket. */
    private static Object owner(KernelRun run, SkStorageMap storage, HelperId helper, long sk) {
        if (SkbSockets.isTestRunSocket(run, sk)) {
            // test_run allocates a socket per run: the run stands for it
            storage.useTransientOwner(run);
            return run;
        }
        SocketMemory memory = SocketMemory.of(run.environment().sockets());
        int i = memory.resolve(sk);
        if (i < 0) {
            throw run.trap(TrapException.Kind.HELPER, helper.kernelName() + " argument r2 = 0x" + Long.toHexString(sk)
                    + " is not a socket; the verifier would refuse the program");
        }
        Socket s = memory.socket(i);
        return s.fullSocket() ? s : null;
    }

    private static long get(KernelRun run, ObjectMaps maps, long map, long sk, long value, long flags) {
        SkStorageMap storage = maps.map(run.vm(), map, "r1", SkStorageMap.class);
        if (sk == 0 || Long.compareUnsigned(flags, SkStorageMap.GET_F_CREATE) > 0) {
            return 0;
        }
        Object owner = owner(run, storage, HelperId.SK_STORAGE_GET, sk);
        if (owner == null) {
            return 0;
        }
        byte[] init = value == 0 ? null : run.vm().memory().read(value, storage.valueSize());
        return storage.getElem(owner, flags == SkStorageMap.GET_F_CREATE, init, 0);
    }

    private static long delete(KernelRun run, ObjectMaps maps, long map, long sk) {
        SkStorageMap storage = maps.map(run.vm(), map, "r1", SkStorageMap.class);
        if (sk == 0) {
            return -Errno.EINVAL;
        }
        Object owner = owner(run, storage, HelperId.SK_STORAGE_DELETE, sk);
        return owner == null ? -Errno.EINVAL : storage.deleteElem(owner);
    }
}
