package org.ebpftest.runtime.linux.helpers;

import org.ebpftest.runtime.linux.net.SocketTable.TcpField;

/**
 * Which reads of a socket's fields Linux allows: {@code bpf_sock_is_valid_access},
 * {@code bpf_sock_common_is_valid_access} and {@code bpf_tcp_sock_is_valid_access}. One set of
 * rules for both sides: the emulator's socket memory enforces them at run time, the verifier at load.
 */
public final class SocketAccessRules {
    /** {@code sizeof(struct bpf_sock)}. */
    public static final int BPF_SOCK_SIZE = SocketMemory.BPF_SOCK_SIZE;

    private SocketAccessRules() {
    }

    /** bpf_sock_is_valid_access, and bpf_sock_common_is_valid_access for sockets that are not full. */
    public static String bpfSock(int off, int size, boolean full) {
        if (off % size != 0) {
            return "misaligned for its size";
        }
        if (!full && off >= SocketMemory.TYPE && off < SocketMemory.SRC_IP4) {
            return "type, protocol, mark and priority are not in struct sock_common (a time-wait or request socket)";
        }
        boolean narrowOk = size <= 4;
        if (off == SocketMemory.STATE || off == SocketMemory.FAMILY || off == SocketMemory.TYPE || off == SocketMemory.PROTOCOL
                || off == SocketMemory.SRC_PORT || off == SocketMemory.RX_QUEUE_MAPPING
                || within(off, SocketMemory.SRC_IP4, 4) || within(off, SocketMemory.SRC_IP6, 16)
                || within(off, SocketMemory.DST_IP4, 4) || within(off, SocketMemory.DST_IP6, 16)) {
            return narrowOk ? null : "fields of struct bpf_sock are read with at most 4 bytes";
        }
        if (within(off, SocketMemory.DST_PORT, 2)) {
            return size == 4 || size <= 2 ? null : "dst_port is read with 1, 2 or 4 bytes";
        }
        if (within(off, SocketMemory.DST_PORT + 2, 2)) {
            return "the padding after dst_port is not readable";
        }
        return size == 4 ? null : "this field is read whole, with 4 bytes";
    }

    /** bpf_tcp_sock_is_valid_access: every field whole, at its own size. */
    public static String tcpSock(int off, int size) {
        if (off % size != 0) {
            return "misaligned for its size";
        }
        boolean wide = off == TcpField.BYTES_RECEIVED.offset() || off == TcpField.BYTES_ACKED.offset();
        if (size != (wide ? 8 : 4)) {
            return "this field is read whole, with " + (wide ? 8 : 4) + " bytes";
        }
        return null;
    }

    private static boolean within(int off, int start, int length) {
        return off >= start && off < start + length;
    }
}
