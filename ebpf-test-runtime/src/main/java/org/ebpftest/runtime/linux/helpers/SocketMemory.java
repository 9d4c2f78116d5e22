package org.ebpftest.runtime.linux.helpers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.net.SocketTable;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The sockets of a {@link SocketTable} (its peers' included) as programs see them in memory: each
 * socket as a {@code struct bpf_sock}, with its {@code struct bpf_tcp_sock} beside it, in one
 * read-only region whose guard applies the verifier's field rules (net/core/filter.c
 * {@code bpf_sock_is_valid_access}, {@code bpf_sock_common_is_valid_access},
 * {@code bpf_tcp_sock_is_valid_access}); and each socket as the kernel's own object
 * ({@link SocketStructs}: a {@code struct tcp_sock}, {@code udp6_sock}, ...), which the
 * {@code bpf_skc_to_*} casts return and {@code bpf_rdonly_cast} of a socket leads to, in a second
 * region whose guard lets programs load the members the emulator fills in and traps on any other,
 * naming it. Built once per version of the table and shared by the VMs that map it.
 *
 * <p>The kernel checks which fields a program reads by the pointer's type (a socket from
 * {@code bpf_skc_lookup_tcp} is a {@code sock_common}, whose {@code type}, {@code protocol},
 * {@code mark} and {@code priority} it may not read until {@code bpf_sk_fullsock} says it is a
 * full socket). The emulator sees only addresses, so it applies the rules of what the socket is:
 * {@code sock_common}'s to time-wait and request sockets, {@code bpf_sock}'s to full sockets.
 */
final class SocketMemory {
    /** Where the {@code struct bpf_sock} views are mapped: 32 slots below the maps. */
    static final long SOCKETS_ADDRESS = Vm.HEAP_BASE - (32L << Memory.SLOT_SHIFT);
    /** Where the sockets' kernel objects are mapped: 16 slots below the maps. */
    static final long KERNEL_ADDRESS = Vm.HEAP_BASE - (16L << Memory.SLOT_SHIFT);
    /** The most sockets one image holds: the kernel objects fill their 16 slots at this count. */
    static final int MAX_SOCKETS = 4096;

    /** Socket i's {@code struct bpf_sock} is at {@code SOCKETS_ADDRESS + STRIDE * i}. */
    static final int STRIDE = 256;
    /** Its {@code struct bpf_tcp_sock} is this far after it; in the kernel both are the same address. */
    static final int TCP_VIEW = 128;
    /** Socket i's kernel object is at {@code KERNEL_ADDRESS + KERNEL_STRIDE * i}: room for the largest, a {@code struct tcp6_sock}. */
    static final int KERNEL_STRIDE = 4096;

    // struct bpf_sock (include/uapi/linux/bpf.h)
    static final int BOUND_DEV_IF = 0;
    static final int FAMILY = 4;
    static final int TYPE = 8;
    static final int PROTOCOL = 12;
    static final int MARK = 16;
    static final int PRIORITY = 20;
    static final int SRC_IP4 = 24;
    static final int SRC_IP6 = 28;
    static final int SRC_PORT = 44;
    static final int DST_PORT = 48;
    static final int DST_IP4 = 52;
    static final int DST_IP6 = 56;
    static final int STATE = 72;
    static final int RX_QUEUE_MAPPING = 76;
    /** sizeof(struct bpf_sock). */
    static final int BPF_SOCK_SIZE = 80;

    private static final String SOCKETS_REGION = "sockets";
    static final String KERNEL_REGION = "kernel socket objects";
    private static final Map<SocketTable, SocketMemory> IMAGES = Collections.synchronizedMap(new WeakHashMap<>());

    /** The {@code bpf_skc_to_*} casts, by the kernel struct each returns. */
    enum Cast {
        TCP6_SOCK(HelperId.SKC_TO_TCP6_SOCK),
        TCP_SOCK(HelperId.SKC_TO_TCP_SOCK),
        TCP_TIMEWAIT_SOCK(HelperId.SKC_TO_TCP_TIMEWAIT_SOCK),
        TCP_REQUEST_SOCK(HelperId.SKC_TO_TCP_REQUEST_SOCK),
        UDP6_SOCK(HelperId.SKC_TO_UDP6_SOCK),
        UNIX_SOCK(HelperId.SKC_TO_UNIX_SOCK),
        MPTCP_SOCK(HelperId.SKC_TO_MPTCP_SOCK);

        final HelperId helper;

        Cast(HelperId helper) {
            this.helper = helper;
        }
    }

    private final long version;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<SocketTable> owners = new ArrayList<>();
    private final Region views;
    private final Region kernel;

    private SocketMemory(SocketTable root, long version) {
        this.version = version;
        collect(root);
        for (int nsid : root.peerIds()) {
            collect(root.peerIfPresent(nsid).orElseThrow());
        }
        if (sockets.size() > MAX_SOCKETS) {
            throw new IllegalStateException("the socket tables hold " + sockets.size() + " sockets; the emulator maps at most " + MAX_SOCKETS);
        }
        byte[] bytes = new byte[Math.max(1, sockets.size() * STRIDE)];
        for (int i = 0; i < sockets.size(); i++) {
            write(bytes, i * STRIDE, sockets.get(i));
        }
        views = new Region(SOCKETS_REGION, bytes, false);
        views.setGuard(this::checkView);
        byte[] objects = new byte[Math.max(1, sockets.size() * KERNEL_STRIDE)];
        for (int i = 0; i < sockets.size(); i++) {
            SocketStructs.write(objects, i * KERNEL_STRIDE, sockets.get(i), kernelAddress(i));
        }
        kernel = new Region(KERNEL_REGION, objects, false);
        kernel.setGuard(this::checkKernel);
    }

    private void collect(SocketTable table) {
        for (Socket s : table.sockets()) {
            sockets.add(s);
            owners.add(table);
        }
    }

    /** The image of a table as it is now, built when the table changed since the last one. */
    static SocketMemory of(SocketTable root) {
        long v = root.version();
        SocketMemory m = IMAGES.get(root);
        if (m == null || m.version != v) {
            m = new SocketMemory(root, v);
            IMAGES.put(root, m);
        }
        return m;
    }

    /**
     * Maps this image into a VM's memory in place of an older one.
     *
     * @throws IllegalArgumentException if something else occupies the sockets' addresses
     */
    void mapInto(Memory memory) {
        place(memory, views, SOCKETS_ADDRESS, SOCKETS_REGION);
        place(memory, kernel, KERNEL_ADDRESS, KERNEL_REGION);
    }

    private static void place(Memory memory, Region region, long address, String name) {
        Region current = memory.regionAt(address);
        if (current == region) {
            return;
        }
        if (current != null && current.name().equals(name)) {
            memory.unmap(current);
        }
        memory.map(region, address);
    }

    /** Whether an address lies where the sockets' {@code struct bpf_sock} views are mapped. */
    static boolean isViewAddress(long address) {
        return address >= SOCKETS_ADDRESS && address < SOCKETS_ADDRESS + (long) MAX_SOCKETS * STRIDE;
    }

    /** The address of socket i's {@code struct bpf_sock}. */
    long address(int i) {
        return SOCKETS_ADDRESS + (long) STRIDE * i;
    }

    /** The address of socket i's {@code struct bpf_tcp_sock}. */
    long tcpAddress(int i) {
        return address(i) + TCP_VIEW;
    }

    /** The address of socket i's kernel object, which every cast of it returns (one pointer, as in the kernel). */
    long kernelAddress(int i) {
        return KERNEL_ADDRESS + (long) KERNEL_STRIDE * i;
    }

    /** The index of a socket of the image, by identity. */
    int indexOf(Socket s) {
        for (int i = 0; i < sockets.size(); i++) {
            if (sockets.get(i) == s) {
                return i;
            }
        }
        throw new IllegalArgumentException(s + " is not in the socket table");
    }

    /** How many sockets the image holds. */
    int size() {
        return sockets.size();
    }

    Socket socket(int i) {
        return sockets.get(i);
    }

    SocketTable owner(int i) {
        return owners.get(i);
    }

    /**
     * The socket a pointer designates: a {@code struct bpf_sock} or {@code struct bpf_tcp_sock} of
     * this image or its kernel object (all the same {@code struct sock *} in the kernel); -1 for
     * any other pointer.
     */
    int resolve(long pointer) {
        long off = pointer - SOCKETS_ADDRESS;
        if (off >= 0 && off < (long) sockets.size() * STRIDE && (off % STRIDE == 0 || off % STRIDE == TCP_VIEW)) {
            return (int) (off / STRIDE);
        }
        off = pointer - KERNEL_ADDRESS;
        if (off >= 0 && off < (long) sockets.size() * KERNEL_STRIDE && off % KERNEL_STRIDE == 0) {
            return (int) (off / KERNEL_STRIDE);
        }
        return -1;
    }

    private static void write(byte[] b, int at, Socket s) {
        ContextBytes.putU32(b, at + BOUND_DEV_IF, s.boundDevice());
        ContextBytes.putU32(b, at + FAMILY, s.family());
        ContextBytes.putU32(b, at + TYPE, s.protocol().socketType());
        ContextBytes.putU32(b, at + PROTOCOL, s.protocol().number());
        ContextBytes.putU32(b, at + MARK, s.mark());
        ContextBytes.putU32(b, at + PRIORITY, s.priority());
        System.arraycopy(s.localIpv4(), 0, b, at + SRC_IP4, 4);
        System.arraycopy(s.localIpv6(), 0, b, at + SRC_IP6, 16);
        ContextBytes.putU32(b, at + SRC_PORT, s.localPort());
        // dst_port is network order in its low 16 bits; the 16 bits after it read as zero
        b[at + DST_PORT] = (byte) (s.remotePort() >>> 8);
        b[at + DST_PORT + 1] = (byte) s.remotePort();
        System.arraycopy(s.remoteIpv4(), 0, b, at + DST_IP4, 4);
        System.arraycopy(s.remoteIpv6(), 0, b, at + DST_IP6, 16);
        ContextBytes.putU32(b, at + STATE, s.state().number());
        ContextBytes.putU32(b, at + RX_QUEUE_MAPPING, s.rxQueue());
        int tcp = at + TCP_VIEW;
        for (Map.Entry<TcpField, Long> e : s.tcp().entrySet()) {
            long v = e.getValue();
            ContextBytes.putU32(b, tcp + e.getKey().offset(), v);
            if (e.getKey().size() == 8) {
                ContextBytes.putU32(b, tcp + e.getKey().offset() + 4, v >>> 32);
            }
        }
    }

    private String checkView(int offset, int size, boolean store) {
        Socket s = sockets.get(offset / STRIDE);
        int inner = offset % STRIDE;
        String access = (store ? "store" : "load") + " of " + size + " bytes at offset ";
        if (inner < BPF_SOCK_SIZE) {
            String where = access + inner + " of struct bpf_sock (socket " + s + ")";
            if (store) {
                return where + ": sockets are read-only to programs";
            }
            String refusal = SocketAccessRules.bpfSock(inner, size, s.fullSocket());
            return refusal == null ? null : where + ": " + refusal;
        }
        if (inner >= TCP_VIEW && inner < TCP_VIEW + TcpField.STRUCT_SIZE) {
            String where = access + (inner - TCP_VIEW) + " of struct bpf_tcp_sock (socket " + s + ")";
            if (store) {
                return where + ": sockets are read-only to programs";
            }
            if (s.protocol() != SocketTable.Protocol.TCP || !s.fullSocket()) {
                return where + ": only bpf_tcp_sock gives a struct bpf_tcp_sock, and only for a full TCP socket";
            }
            String refusal = SocketAccessRules.tcpSock(inner - TCP_VIEW, size);
            return refusal == null ? null : where + ": " + refusal;
        }
        return access + inner + " from socket " + s + " is outside struct bpf_sock (" + BPF_SOCK_SIZE + " bytes)";
    }

    private String checkKernel(int offset, int size, boolean store) {
        Socket s = sockets.get(offset / KERNEL_STRIDE);
        return SocketStructs.refusal(SocketStructs.kindOf(s), s, offset % KERNEL_STRIDE, size, store);
    }
}
