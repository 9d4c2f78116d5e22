package org.ebpftest.runtime.linux.verifier;

import org.ebpftest.runtime.elf.AttachType;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.verifier.Reg.Kind;

/**
 * The values a program may return at its main exit, after the kernel's {@code check_return_code}:
 * the cgroup types and sk_lookup pass or drop (0 or 1; egress cgroup_skb may also ask for
 * congestion notification, 0 to 3; some cgroup socket-address hooks must return 1, bind may return
 * 0 to 3), each range confirmed on Linux 6.18 by the verifier corpus. XDP, tc, socket filters,
 * kprobes, tracepoints and the rest may return anything as a privileged program. Not checked yet,
 * as the corpus's loader cannot load them here: netfilter (0 or 1), fentry and fexit (0),
 * iterators (0 or 1), and LSM programs, whose range comes from the hook's BTF.
 */
record ReturnRange(long min, long max) {
    /** The range for a program type and attach type, or null when any value is allowed. */
    static ReturnRange of(ProgramType type, AttachType attach) {
        return switch (type) {
            case CGROUP_SKB -> attach == AttachType.CGROUP_INET_EGRESS ? new ReturnRange(0, 3) : new ReturnRange(0, 1);
            case CGROUP_SOCK, SOCK_OPS, CGROUP_DEVICE, CGROUP_SYSCTL, CGROUP_SOCKOPT, SK_LOOKUP -> new ReturnRange(0, 1);
            case CGROUP_SOCK_ADDR -> switch (attach) {
                case CGROUP_UDP4_RECVMSG, CGROUP_UDP6_RECVMSG, CGROUP_UNIX_RECVMSG, CGROUP_INET4_GETPEERNAME, CGROUP_INET6_GETPEERNAME,
                        CGROUP_UNIX_GETPEERNAME, CGROUP_INET4_GETSOCKNAME, CGROUP_INET6_GETSOCKNAME, CGROUP_UNIX_GETSOCKNAME ->
                        new ReturnRange(1, 1);
                case CGROUP_INET4_BIND, CGROUP_INET6_BIND -> new ReturnRange(0, 3);
                default -> new ReturnRange(0, 1);
            };
            default -> null;
        };
    }

    /**
     * Checks r0 at the main program's exit. A pointer is never a known value; a scalar is refused
     * only when it is exact, so that every value it holds is one the kernel's bounds hold too: then
     * a value outside the range is outside for the kernel as well. The message prints this
     * verifier's bounds, which are the kernel's for constants and for the loads it gives exactly.
     */
    void check(State s, int pc, Reg r0) throws Explorer.Stop {
        check(s, pc, r0, "At program exit");
    }

    /** Checks r0 where {@code where} says ("At program exit", "At callback return"). */
    void check(State s, int pc, Reg r0, String where) throws Explorer.Stop {
        if (r0.kind() == Kind.UNMODELLED) {
            return;
        }
        if (r0.isPointer()) {
            throw Explorer.refuse(s, pc, where + " the register R0 is not a known value (" + r0.kind().logName + ")");
        }
        Scalar v = r0.value();
        if (!v.exact() || v.isFull() || v.within(min, max)) {
            return;
        }
        StringBuilder message = new StringBuilder(where).append(" the register R0 has");
        if (v.smin() > Long.MIN_VALUE) {
            message.append(" smin=").append(v.smin());
        }
        if (v.smax() < Long.MAX_VALUE) {
            message.append(" smax=").append(v.smax());
        }
        if (v.smin() == Long.MIN_VALUE && v.smax() == Long.MAX_VALUE) {
            message.append(" unknown scalar value");
        }
        throw Explorer.refuse(s, pc, message.append(" should have been in [").append(min).append(", ").append(max).append(']').toString());
    }
}
