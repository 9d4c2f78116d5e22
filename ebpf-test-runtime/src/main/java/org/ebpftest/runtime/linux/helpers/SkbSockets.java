package org.ebpftest.runtime.linux.helpers;

import java.util.Arrays;
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
 * full socket of its own for the length of one run: socket storage created on it goes with it. Its
 * kernel object, a bare {@code struct sock} ({@link SocketStructs}), follows its
 * {@code struct bpf_sock} in the same region, where {@code bpf_rdonly_cast} of the socket leads.
 */
public final class SkbSockets {
    /** Where test_run's socket is mapped as a {@code struct bpf_sock}: 47 slots below the maps. */
    static final long TEST_RUN_SOCKET = Vm.HEAP_BASE - (47L << Memory.SLOT_SHIFT);
    /** Where its kernel {@code struct sock} is, after the {@code struct bpf_sock} in the same region. */
    private static final int KERNEL_OFFSET = 1024;
    static final long TEST_RUN_KERNEL_SOCKET = TEST_RUN_SOCKET + KERNEL_OFFSET;
    static final String REGION_NAME = "test_run's socket";
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
        byte[] b = new byte[KERNEL_OFFSET + SocketStructs.Kind.SOCK.struct.size()];
        ContextBytes.putU32(b, SocketMemory.FAMILY, skb.get(SkbLayout.FAMILY));
        System.arraycopy(skb.ctx, SkbLayout.LOCAL_IP4, b, SocketMemory.SRC_IP4, 4);
        System.arraycopy(skb.ctx, SkbLayout.LOCAL_IP6, b, SocketMemory.SRC_IP6, 16);
        System.arraycopy(skb.ctx, SkbLayout.REMOTE_IP4, b, SocketMemory.DST_IP4, 4);
        System.arraycopy(skb.ctx, SkbLayout.REMOTE_IP6, b, SocketMemory.DST_IP6, 16);
        ContextBytes.putU32(b, SocketMemory.STATE, State.CLOSE.number());
        ContextBytes.putU32(b, SocketMemory.RX_QUEUE_MAPPING, NO_QUEUE);
        SocketStructs.writeTestRun(b, KERNEL_OFFSET, skb.get(SkbLayout.FAMILY), slice(skb.ctx, SkbLayout.LOCAL_IP4, 4),
                slice(skb.ctx, SkbLayout.REMOTE_IP4, 4), slice(skb.ctx, SkbLayout.LOCAL_IP6, 16), slice(skb.ctx, SkbLayout.REMOTE_IP6, 16));
        Region r = new Region(REGION_NAME, b, false);
        r.setGuard((offset, size, store) -> {
            if (offset >= KERNEL_OFFSET) {
                return SocketStructs.refusal(SocketStructs.Kind.SOCK, null, offset - KERNEL_OFFSET, size, store);
            }
            if (offset + size > SocketMemory.BPF_SOCK_SIZE) {
                return (store ? "store" : "load") + " of " + size + " bytes at offset " + offset + " from test_run's socket is outside struct bpf_sock ("
                        + SocketMemory.BPF_SOCK_SIZE + " bytes)";
            }
            String where = (store ? "store" : "load") + " of " + size + " bytes at offset " + offset + " of struct bpf_sock (test_run's socket)";
            if (store) {
                return where + ": sockets are read-only to programs";
            }
            String refusal = SocketAccessRules.bpfSock(offset, size, true);
            return refusal == null ? null : where + ": " + refusal;
        });
        run.vm().memory().remap(r, TEST_RUN_SOCKET);
        skb.setSocketPointer(TEST_RUN_SOCKET);
    }

    private static byte[] slice(byte[] b, int at, int length) {
        return Arrays.copyOfRange(b, at, at + length);
    }

    /**
     * The kernel object's address for an address within test_run's {@code struct bpf_sock} (the
     * same bytes in the kernel, where both are one pointer), or -1 for any other address.
     */
    static long kernelAddressOf(KernelRun run, long address) {
        long off = address - TEST_RUN_SOCKET;
        return off >= 0 && off < KERNEL_OFFSET && isTestRunSocket(run, TEST_RUN_SOCKET) ? TEST_RUN_KERNEL_SOCKET + off : -1;
    }

    /** Whether a pointer is test_run's socket of the running packet. */
    static boolean isTestRunSocket(KernelRun run, long pointer) {
        return pointer == TEST_RUN_SOCKET && run.skb() != null && ContextBytes.u64(run.skb().ctx, SkbLayout.SK) == TEST_RUN_SOCKET;
    }
}
