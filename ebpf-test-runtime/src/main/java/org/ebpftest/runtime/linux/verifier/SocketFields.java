package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Which reads of a socket pointer's fields Linux allows, after {@code bpf_sock_common_is_valid_access},
 * {@code bpf_sock_is_valid_access} and {@code bpf_tcp_sock_is_valid_access}: {@code struct bpf_sock}
 * for a {@code sock}, its first fields but those only a full socket has for a {@code sock_common},
 * {@code struct bpf_tcp_sock} for a {@code tcp_sock}. No socket field may be written.
 */
final class SocketFields {
    /** The size of {@code struct bpf_sock}. */
    static final int SOCK_SIZE = 80;
    /** The end of {@code struct bpf_tcp_sock}'s last field, icsk_retransmits. */
    static final int TCP_SOCK_SIZE = 112;

    // struct bpf_sock's fields, by offset
    private static final int FAMILY = 4;
    private static final int TYPE = 8;
    private static final int PROTOCOL = 12;
    private static final int PRIORITY = 20;
    private static final int SRC_IP4 = 24;
    private static final int SRC_IP6 = 28;
    private static final int SRC_PORT = 44;
    private static final int DST_PORT = 48;
    private static final int DST_IP4 = 52;
    private static final int DST_IP6 = 56;
    private static final int STATE = 72;
    private static final int RX_QUEUE_MAPPING = 76;

    // struct bpf_tcp_sock's two 8-byte fields
    private static final int BYTES_RECEIVED = 80;
    private static final int BYTES_ACKED = 88;

    private SocketFields() {
    }

    /** True when a read of {@code size} bytes at {@code off} through a pointer of this socket kind is valid. */
    static boolean readable(Kind kind, long off, int size) {
        return switch (kind) {
            case SOCKET -> sock(off, size);
            // the fields from type to priority exist only in a full socket
            case SOCK_COMMON -> !(off >= TYPE && off < PRIORITY + 4) && sock(off, size);
            case TCP_SOCK -> tcpSock(off, size);
            default -> false;
        };
    }

    private static boolean sock(long off, int size) {
        if (off < 0 || off >= SOCK_SIZE || off % size != 0) {
            return false;
        }
        int at = (int) off;
        if (at == FAMILY || at == TYPE || at == PROTOCOL || at == SRC_PORT || at == STATE || at == RX_QUEUE_MAPPING
                || (at >= SRC_IP4 && at < SRC_IP6 + 16) || (at >= DST_IP4 && at < DST_IP6 + 16)) {
            // narrow reads of a 4-byte field: 1, 2 or 4 bytes
            return size <= 4;
        }
        if (at == DST_PORT || at == DST_PORT + 1) {
            // a 2-byte field, also read as the 4-byte word it sits in at its own offset
            return size == 4 || size <= 2;
        }
        if (at >= DST_PORT + 2 && at < DST_IP4) {
            return false;
        }
        return size == 4;
    }

    private static boolean tcpSock(long off, int size) {
        if (off < 0 || off >= TCP_SOCK_SIZE || off % size != 0) {
            return false;
        }
        return off == BYTES_RECEIVED || off == BYTES_ACKED ? size == 8 : size == 4;
    }
}
