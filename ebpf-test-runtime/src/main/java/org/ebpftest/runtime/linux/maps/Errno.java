package org.ebpftest.runtime.linux.maps;

/**
 * The Linux error numbers map operations return, negated in r0 as the kernel does
 * ({@code -EEXIST} is {@code -17}). Values are those of x86-64 and arm64.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such entry. */
    public static final int ENOENT = 2;
    /** Argument list too long: the kernel's "map is full" and "index out of range". */
    public static final int E2BIG = 7;
    /** Try again: a ring buffer without room for a record. */
    public static final int EAGAIN = 11;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Resource busy. */
    public static final int EBUSY = 16;
    /** Entry exists. */
    public static final int EEXIST = 17;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** No space left: a full LPM trie. */
    public static final int ENOSPC = 28;
    /** Operation not supported (user-visible). */
    public static final int EOPNOTSUPP = 95;
    /** Operation not supported (kernel-internal number that still reaches user space). */
    public static final int ENOTSUPP = 524;

    private Errno() {
    }

    /** The symbolic name of an error number, negative or positive, such as {@code EEXIST}. */
    public static String name(long errno) {
        return switch ((int) Math.abs(errno)) {
            case 0 -> "OK";
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case E2BIG -> "E2BIG";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EINVAL -> "EINVAL";
            case ENOSPC -> "ENOSPC";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ENOTSUPP -> "ENOTSUPP";
            default -> "errno " + Math.abs(errno);
        };
    }
}
