package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.CHECK_MTU;
import static org.ebpftest.runtime.linux.helpers.HelperId.CLONE_REDIRECT;
import static org.ebpftest.runtime.linux.helpers.HelperId.REDIRECT;
import static org.ebpftest.runtime.linux.helpers.HelperId.REDIRECT_NEIGH;
import static org.ebpftest.runtime.linux.helpers.HelperId.REDIRECT_PEER;

import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.Traps;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.linux.net.Redirect;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.TcAction;
import org.ebpftest.runtime.uapi.XdpAction;

/**
 * The redirect helpers and {@code bpf_check_mtu}: they record the target on the run and return the
 * verdict the kernel's helpers return ({@code TC_ACT_REDIRECT}, {@code XDP_REDIRECT}, or the
 * shot/aborted verdict for bad flags).
 */
final class RedirectHelpers {
    static final long BPF_MTU_CHK_SEGS = 1;
    static final Set<ContextType> TC_XDP = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.XDP);

    private RedirectHelpers() {
    }

    static void register(HelperRegistry t) {
        t.register(REDIRECT, TC_XDP, (run, ifindex, flags, r3, r4, r5) -> {
            if (run.programType() == ContextType.XDP) {
                if (flags != 0) {
                    return XdpAction.ABORTED.value();
                }
                run.redirect(new Redirect("bpf_redirect", (int) ifindex, flags, false));
                return XdpAction.REDIRECT.value();
            }
            if ((flags & ~Redirect.F_INGRESS) != 0) {
                return TcAction.SHOT.value();
            }
            run.redirect(new Redirect("bpf_redirect", (int) ifindex, flags, false));
            return TcAction.REDIRECT.value();
        });
        t.register(REDIRECT_NEIGH, SkbHelpers.TC, (run, ifindex, params, plen, flags, r5) -> {
            if (plen != 0 && plen < 20 || flags != 0) {
                return TcAction.SHOT.value();
            }
            run.redirect(new Redirect("bpf_redirect_neigh", (int) ifindex, flags, false));
            return TcAction.REDIRECT.value();
        });
        t.register(REDIRECT_PEER, SkbHelpers.TC, (run, ifindex, flags, r3, r4, r5) -> {
            if (flags != 0) {
                return TcAction.SHOT.value();
            }
            run.redirect(new Redirect("bpf_redirect_peer", (int) ifindex, flags, false));
            return TcAction.REDIRECT.value();
        });
        t.register(CLONE_REDIRECT, SkbHelpers.TC, (run, ctx, ifindex, flags, r4, r5) -> {
            if ((flags & ~Redirect.F_INGRESS) != 0) {
                return -Errno.EINVAL;
            }
            if (run.skb().isGso()) {
                // test_run's GSO packets (gso_size from ctx_in) have no GSO type: the kernel keeps them from leaking out
                return -Errno.EBADMSG;
            }
            if (run.environment().device((int) ifindex).isEmpty()) {
                return -Errno.EINVAL;
            }
            run.cloneRedirect(new Redirect("bpf_clone_redirect", (int) ifindex, flags, true));
            return 0;
        });
        t.register(CHECK_MTU, TC_XDP, RedirectHelpers::checkMtu);
    }

    private static long checkMtu(KernelRun run, long ctx, long ifindex, long mtuLenPtr, long lenDiff, long flags) {
        boolean xdp = run.programType() == ContextType.XDP;
        long mtuLen = run.vm().memory().load32(mtuLenPtr);
        int mtu = 0;
        long ret;
        NetDevice dev = null;
        if (xdp ? flags != 0 : (flags & ~BPF_MTU_CHK_SEGS) != 0) {
            ret = -Errno.EINVAL;
        } else if ((flags & BPF_MTU_CHK_SEGS) != 0 && (lenDiff != 0 || mtuLen != 0)) {
            ret = -Errno.EINVAL;
        } else {
            int index = (int) ifindex;
            if (index == 0) {
                index = xdp ? ContextBytes.u32(run.xdp().md, XdpLayout.INGRESS_IFINDEX) : run.skb().get(SkbLayout.IFINDEX);
            }
            dev = run.environment().device(index).orElse(null);
            if (dev == null) {
                ret = -Errno.ENODEV;
            } else {
                mtu = dev.mtu();
                long devLen = (long) mtu + SkbLayout.ETH_HLEN;
                long len = mtuLen != 0 ? mtuLen + SkbLayout.ETH_HLEN : xdp ? run.xdp().end - run.xdp().data : run.skb().len();
                len += (int) lenDiff;
                ret = len <= devLen ? 0 : 1;
                if (ret == 1 && !xdp && run.skb().isGso()) {
                    // a GSO packet is cut into segments on transmit: its whole length may exceed the MTU
                    if ((flags & BPF_MTU_CHK_SEGS) != 0) {
                        throw Traps.unsupported(run.vm(), CHECK_MTU,
                                "bpf_check_mtu with BPF_MTU_CHK_SEGS on a GSO packet longer than the MTU (segment sizes are not emulated)");
                    }
                    ret = 0;
                }
            }
        }
        // On an error the kernel leaves *mtu_len as it was (confirmed: ENODEV keeps the caller's value).
        if (ret >= 0) {
            run.vm().memory().store32(mtuLenPtr, mtu);
        }
        return ret;
    }
}
