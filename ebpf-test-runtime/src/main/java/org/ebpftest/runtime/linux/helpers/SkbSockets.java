package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.State;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The socket of a packet, {@code __sk_buff.sk}: a socket of the environment's table the test named
 * ({@code SkbInput.withSocket}), or else the one BPF_PROG_TEST_RUN attaches to every packet it builds
 * ({@code bpf_prog_test_run_skb}: {@code sk_alloc} of no protocol, {@code sock_init_data} leaving it
 * in {@code TCP_CLOSE}, the family and addresses taken from the IP header). test_run's socket is a
 * full socket of its own for the length of one run: socket storage created on it goes with it.
 */
public final class SkbSockets {
    /** Where test_run's socket is mapped as a {@code struct bpf_sock}: 47 slots below the maps. */
    static final long TEST_RUN_SOCKET = Vm.HEAP_BASE - (47L << Memory.SLOT_SHIFT);
    /** {@code NO_QUEUE_MAPPING}, which {@code rx_queue_mapping} reads as -1. */
    private static final int NO_QUEUE = -1;

    private SkbSockets() {
    }

    /**
     * Gives the run's packet its socket: maps it into the run's VM and points {@code __sk_buff.sk}
     * at it.
     *
     * @param given the socket the test named, or null for test_run's own
     * @throws IllegalArgumentException if the socket is not in the environment's socket table
     */
    public static void attach(KernelRun run, Socket given) {
        SkBuff skb = run.skb();
        if (given != null) {
            SocketMemory memory = SocketMemory.of(run.environment().sockets());
            int i;
            try {
                i = memory.indexOf(given);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the socket given with SkbInput.withSocket, " + given
                        + ", is not in the environment's socket table; add it with environment().sockets().add(...)", e);
            }
            memory.mapInto(run.vm().memory());
            skb.setSocketPointer(memory.address(i));
            return;
        }
        byte[] b = new byte[SocketMemory.BPF_SOCK_SIZE];
        ContextBytes.putU32(b, SocketMemory.FAMILY, skb.get(SkbLayout.FAMILY));
        System.arraycopy(skb.ctx, SkbLayout.LOCAL_IP4, b, SocketMemory.SRC_IP4, 4);
        System.arraycopy(skb.ctx, SkbLayout.LOCAL_IP6, b, SocketMemory.SRC_IP6, 16);
        System.arraycopy(skb.ctx, SkbLayout.REMOTE_IP4, b, SocketMemory.DST_IP4, 4);
        System.arraycopy(skb.ctx, SkbLayout.REMOTE_IP6, b, SocketMemory.DST_IP6, 16);
        ContextBytes.putU32(b, SocketMemory.STATE, State.CLOSE.number());
        ContextBytes.putU32(b, SocketMemory.RX_QUEUE_MAPPING, NO_QUEUE);
        Region r = new Region("test_run's socket", b, false);
        r.setGuard((offset, size, store) -> {
            String where = (store ? "store" : "load") + " of " + size + " bytes at offset " + offset + " of struct bpf_sock (test_run's socket)";
            if (store) {
                return where + ": sockets are read-only to programs";
            }
            String refusal = SocketMemory.bpfSockRule(offset, size, true);
            return refusal == null ? null : where + ": " + refusal;
        });
        run.vm().memory().remap(r, TEST_RUN_SOCKET);
        skb.setSocketPointer(TEST_RUN_SOCKET);
    }

    /** Whether a pointer is test_run's socket of the running packet. */
    static boolean isTestRunSocket(KernelRun run, long pointer) {
        return pointer == TEST_RUN_SOCKET && run.skb() != null && ContextBytes.u64(run.skb().ctx, SkbLayout.SK) == TEST_RUN_SOCKET;
    }
}
