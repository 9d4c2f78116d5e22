package org.ebpftest.runtime.uapi;

import java.util.Optional;

/**
 * The Linux error numbers ({@code include/uapi/asm-generic/errno-base.h} and {@code errno.h}) that
 * helpers, map operations and test runs return, each once with its number. Programs see them
 * negated in r0, as the kernel returns them ({@code -EEXIST} is {@code -17}); values are those of
 * x86-64 and arm64.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such entry. */
    public static final int ENOENT = 2;
    /** Argument list too long: the kernel's "map is full" and "index out of range". */
    public static final int E2BIG = 7;
    /** Bad file descriptor (a map key that should name a socket's descriptor). */
    public static final int EBADF = 9;
    /** Try again: a ring buffer without room for a record. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Bad address: a helper could not read or write the memory it was given. */
    public static final int EFAULT = 14;
    /** Resource busy. */
    public static final int EBUSY = 16;
    /** Entry exists. */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Resource deadlock avoided: a timer callback cancelling its own timer. */
    public static final int EDEADLK = 35;
    /** No space left: a full LPM trie. */
    public static final int ENOSPC = 28;
    /** Result out of range. */
    public static final int ERANGE = 34;
    /** No data available: receive metadata a frame lacks ({@code bpf_xdp_metadata_rx_*}). */
    public static final int ENODATA = 61;
    /** Timer expired: a conntrack entry whose timeout was changed while it was dying. */
    public static final int ETIME = 62;
    /** Machine is not on the network: a network namespace id that names no namespace (conntrack lookups). */
    public static final int ENONET = 64;
    /** Protocol error: a tunnel key read for the other address family. */
    public static final int EPROTO = 71;
    /** Bad message: bpf_clone_redirect of a GSO packet with no GSO type, as test_run makes. */
    public static final int EBADMSG = 74;
    /** Value too large: a cpumap queue size above its limit. */
    public static final int EOVERFLOW = 75;
    /** Message too long: a packet larger than its device's MTU. */
    public static final int EMSGSIZE = 90;
    /** Protocol not supported. */
    public static final int EPROTONOSUPPORT = 93;
    /** Operation not supported (user-visible). */
    public static final int EOPNOTSUPP = 95;
    /** Address family not supported. */
    public static final int EAFNOSUPPORT = 97;
    /** Operation not supported: the kernel-internal number ({@code include/linux/errno.h}) that still reaches programs and user space as 524. */
    public static final int ENOTSUPP = 524;

    private Errno() {
    }

    /** The symbolic name of an error number, negative or positive, such as {@code EEXIST} for -17; empty for a number this class does not name. */
    public static Optional<String> symbol(long errno) {
        return Optional.ofNullable(switch ((int) Math.abs(errno)) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case E2BIG -> "E2BIG";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case ERANGE -> "ERANGE";
            case EDEADLK -> "EDEADLK";
            case ENODATA -> "ENODATA";
            case ETIME -> "ETIME";
            case ENONET -> "ENONET";
            case EPROTO -> "EPROTO";
            case EBADMSG -> "EBADMSG";
            case EOVERFLOW -> "EOVERFLOW";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case ENOTSUPP -> "ENOTSUPP";
            default -> null;
        });
    }

    /** The name of an error number for a message: {@code EEXIST} for -17, {@code OK} for 0, {@code errno 4} for a number without a name here. */
    public static String name(long errno) {
        if (errno == 0) {
            return "OK";
        }
        return symbol(errno).orElse("errno " + Math.abs(errno));
    }
}
