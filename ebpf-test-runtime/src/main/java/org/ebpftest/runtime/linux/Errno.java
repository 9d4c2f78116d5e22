package org.ebpftest.runtime.linux;

/** The kernel's error numbers that helpers and test runs return, negated where a helper returns them. */
public final class Errno {
    static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int E2BIG = 7;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    static final int ENOSPC = 28;
    public static final int ERANGE = 34;
    public static final int ENODATA = 61;
    static final int EMSGSIZE = 90;
    static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    /** Kernel-internal "operation not supported", which helpers return to programs as -524. */
    public static final int ENOTSUPP = 524;

    private Errno() {
    }
}
