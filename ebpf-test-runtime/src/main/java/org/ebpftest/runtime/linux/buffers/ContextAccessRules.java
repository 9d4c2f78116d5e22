package org.ebpftest.runtime.linux.buffers;

import java.util.Optional;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.vm.AccessGuard;

/**
 * The one owner of the kernel's context access rules for the contexts the emulator builds: which
 * {@code xdp_md} and {@code __sk_buff} fields a program type may read or write, at which sizes.
 * The emulator enforces them when a run makes the access; the verifier applies the same rules at
 * load, where the kernel applies them.
 */
public final class ContextAccessRules {
    private ContextAccessRules() {
    }

    /**
     * The rules for a context type; empty for {@link ContextType#GENERIC}, whose context the
     * emulator does not model, and for {@link ContextType#NETFILTER}, whose regions check accesses at run time.
     */
    public static Optional<AccessGuard> of(ContextType type) {
        return switch (type) {
            case XDP -> Optional.of(XdpBuff.RULES);
            // netfilter's bpf_nf_ctx holds BTF pointers, which the load-time checks do not follow; its regions check reads at run time
            case GENERIC, NETFILTER -> Optional.empty();
            default -> Optional.of(new SkbAccessRules(type));
        };
    }
}
