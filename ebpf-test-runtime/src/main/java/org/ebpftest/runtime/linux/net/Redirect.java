package org.ebpftest.runtime.linux.net;

/**
 * The redirect a program asked for with {@code bpf_redirect}, {@code bpf_redirect_neigh},
 * {@code bpf_redirect_peer} or {@code bpf_clone_redirect}.
 *
 * @param helper the name of the helper that asked
 * @param ifindex the target interface
 * @param flags the flags argument, such as {@code BPF_F_INGRESS}
 * @param cloned true for {@code bpf_clone_redirect}, which sends a copy at once and lets the program go on
 */
public record Redirect(String helper, int ifindex, long flags, boolean cloned) {
    /** {@code BPF_F_INGRESS}: deliver on the target's receive path instead of its transmit path. */
    public static final long F_INGRESS = 1;

    /** True when the packet goes to the target's ingress. */
    public boolean ingress() {
        return (flags & F_INGRESS) != 0;
    }
}
