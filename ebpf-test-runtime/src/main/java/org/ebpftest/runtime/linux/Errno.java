package org.ebpftest.runtime.linux;

/** The kernel's error numbers that helpers and test runs return, negated where a helper returns them. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int E2BIG = 7;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ERANGE = 34;
    static final int EMSGSIZE = 90;
    static final int EPROTONOSUPPORT = 93;
    static final int EOPNOTSUPP = 95;
    static final int EAFNOSUPPORT = 97;
    /** Kernel-internal "operation not supported", which helpers return to programs as -524. */
    static final int ENOTSUPP = 524;

    private Errno() {
    }
}
