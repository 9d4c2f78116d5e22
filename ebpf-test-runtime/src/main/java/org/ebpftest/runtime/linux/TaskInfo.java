package org.ebpftest.runtime.linux;

import java.util.Objects;

/**
 * The task a program runs on behalf of, as {@code bpf_get_current_pid_tgid},
 * {@code bpf_get_current_uid_gid} and {@code bpf_get_current_comm} report it.
 *
 * @param pid the thread id (the kernel's pid)
 * @param tgid the process id (the kernel's tgid)
 * @param uid the user id
 * @param gid the group id
 * @param comm the command name, at most 15 bytes
 */
public record TaskInfo(int pid, int tgid, int uid, int gid, String comm) {
    /** The default task: a root process named {@code ebpf-test} with pid 4242. */
    public static final TaskInfo DEFAULT = new TaskInfo(4242, 4242, 0, 0, "ebpf-test");

    /** A task; comm is limited to the kernel's 15 bytes plus the terminating zero. */
    public TaskInfo {
        Objects.requireNonNull(comm, "comm");
        if (comm.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15) {
            throw new IllegalArgumentException("comm [" + comm + "] is longer than the kernel's 15 bytes");
        }
    }
}
