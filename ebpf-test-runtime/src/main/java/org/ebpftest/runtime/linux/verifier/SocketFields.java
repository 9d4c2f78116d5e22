package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.linux.helpers.SocketAccessRules;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * Which reads of a socket pointer's fields Linux allows, after {@code bpf_sock_common_is_valid_access},
 * {@code bpf_sock_is_valid_access} and {@code bpf_tcp_sock_is_valid_access}: {@code struct bpf_sock}
 * for a {@code sock}, its first fields but those only a full socket has for a {@code sock_common},
 * {@code struct bpf_tcp_sock} for a {@code tcp_sock}. No socket field may be written. The rules
 * are the emulator's own ({@link SocketAccessRules}), which its socket memory enforces at run time.
 */
final class SocketFields {
    private SocketFields() {
    }

    /** True when a read of {@code size} bytes at {@code off} through a pointer of this socket kind is valid. */
    static boolean readable(Kind kind, long off, int size) {
        return switch (kind) {
            case SOCKET, SOCK_COMMON -> off >= 0 && off < SocketAccessRules.BPF_SOCK_SIZE
                    && SocketAccessRules.bpfSock((int) off, size, kind == Kind.SOCKET) == null;
            case TCP_SOCK -> off >= 0 && off < TcpField.STRUCT_SIZE && SocketAccessRules.tcpSock((int) off, size) == null;
            default -> false;
        };
    }
}
