package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.CSUM_DIFF;
import static org.ebpftest.runtime.linux.helpers.HelperId.CSUM_LEVEL;
import static org.ebpftest.runtime.linux.helpers.HelperId.CSUM_UPDATE;
import static org.ebpftest.runtime.linux.helpers.HelperId.L3_CSUM_REPLACE;
import static org.ebpftest.runtime.linux.helpers.HelperId.L4_CSUM_REPLACE;

import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.uapi.Errno;

/**
 * The checksum helpers, after net/core/filter.c: {@code bpf_l3_csum_replace},
 * {@code bpf_l4_csum_replace}, {@code bpf_csum_diff}, {@code bpf_csum_update} and
 * {@code bpf_csum_level}, bit-exact with the kernel for test_run's CHECKSUM_NONE buffers.
 */
final class ChecksumHelpers {
    static final long HDR_FIELD_MASK = 0xf;
    static final long F_PSEUDO_HDR = 1 << 4;
    static final long F_MARK_MANGLED_0 = 1 << 5;
    static final long F_MARK_ENFORCE = 1 << 6;
    static final long F_IPV6 = 1 << 7;
    static final Set<ContextType> TC_XDP = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.XDP);

    private ChecksumHelpers() {
    }

    static void register(HelperRegistry t) {
        t.register(L3_CSUM_REPLACE, SkbHelpers.TC, (run, ctx, offset, from, to, flags) -> l3Replace(run.skb(), offset & 0xffffffffL, from, to, flags));
        t.register(L4_CSUM_REPLACE, SkbHelpers.TC, (run, ctx, offset, from, to, flags) -> l4Replace(run.skb(), offset & 0xffffffffL, from, to, flags));
        t.register(CSUM_DIFF, TC_XDP, ChecksumHelpers::csumDiff);
        t.register(CSUM_UPDATE, SkbHelpers.TC, (run, ctx, csum, r3, r4, r5) -> {
            // only CHECKSUM_COMPLETE buffers carry a csum to update (it would answer csum_add of
            // the two); test_run's are CHECKSUM_NONE and no helper makes them COMPLETE
            return -Errno.ENOTSUPP;
        });
        t.register(CSUM_LEVEL, SkbHelpers.TC, (run, ctx, level, r3, r4, r5) -> csumLevel(run.skb(), level));
    }

    private static int sum16(SkBuff s, int at) {
        return (s.buf[at] & 0xff) | (s.buf[at + 1] & 0xff) << 8;
    }

    private static void put16(SkBuff s, int at, int v) {
        s.buf[at] = (byte) v;
        s.buf[at + 1] = (byte) (v >>> 8);
    }

    private static long l3Replace(SkBuff s, long offset, long from, long to, long flags) {
        if ((flags & ~HDR_FIELD_MASK) != 0) {
            return -Errno.EINVAL;
        }
        if (offset > 0xffff || (offset & 1) != 0) {
            return -Errno.EFAULT;
        }
        if (offset + 2 > s.len()) {
            return -Errno.EFAULT;
        }
        int at = s.data + (int) offset;
        int sum = sum16(s, at);
        switch ((int) (flags & HDR_FIELD_MASK)) {
            case 0 -> {
                if (from != 0) {
                    return -Errno.EINVAL;
                }
                sum = Checksums.replaceByDiff(sum, (int) to);
            }
            case 2 -> sum = Checksums.replace2(sum, (int) from & 0xffff, (int) to & 0xffff);
            case 4 -> sum = Checksums.replace4(sum, (int) from, (int) to);
            default -> {
                return -Errno.EINVAL;
            }
        }
        put16(s, at, sum);
        return 0;
    }

    private static long l4Replace(SkBuff s, long offset, long from, long to, long flags) {
        boolean mangled0 = (flags & F_MARK_MANGLED_0) != 0;
        boolean enforce = (flags & F_MARK_ENFORCE) != 0;
        if ((flags & ~(F_MARK_MANGLED_0 | F_MARK_ENFORCE | F_PSEUDO_HDR | HDR_FIELD_MASK | F_IPV6)) != 0) {
            return -Errno.EINVAL;
        }
        if (offset > 0xffff || (offset & 1) != 0) {
            return -Errno.EFAULT;
        }
        if (offset + 2 > s.len()) {
            return -Errno.EFAULT;
        }
        int at = s.data + (int) offset;
        int sum = sum16(s, at);
        if (mangled0 && !enforce && sum == 0) {
            return 0;
        }
        // without CHECKSUM_PARTIAL the pseudo-header flag changes nothing in the packet
        switch ((int) (flags & HDR_FIELD_MASK)) {
            case 0 -> {
                if (from != 0) {
                    return -Errno.EINVAL;
                }
                sum = Checksums.replaceByDiff(sum, (int) to);
            }
            case 2 -> sum = Checksums.protoReplace4(sum, (int) from & 0xffff, (int) to & 0xffff);
            case 4 -> sum = Checksums.protoReplace4(sum, (int) from, (int) to);
            default -> {
                return -Errno.EINVAL;
            }
        }
        if (mangled0 && sum == 0) {
            sum = Checksums.CSUM_MANGLED_0;
        }
        put16(s, at, sum);
        return 0;
    }

    /**
     * bpf_csum_diff as Linux 6.18 has it: no check of the sizes at run time (the verifier bounds
     * them; sizes that are not multiples of 4 are summed as they are, confirmed), csum_partial's
     * exact 32-bit values, and one csum_from32to16 at the end.
     */
    private static long csumDiff(KernelRun run, long from, long fromSize, long to, long toSize, long seed) {
        int fs = (int) fromSize;
        int ts = (int) toSize;
        byte[] f = fs == 0 ? new byte[0] : run.vm().memory().read(from, fs);
        byte[] t = ts == 0 ? new byte[0] : run.vm().memory().read(to, ts);
        int ret = (int) seed;
        if (fs != 0 && ts != 0) {
            ret = Checksums.sub(Checksums.partial(t, 0, ts, ret), Checksums.partial(f, 0, fs, 0));
        } else if (ts != 0) {
            ret = Checksums.partial(t, 0, ts, ret);
        } else if (fs != 0) {
            ret = ~Checksums.partial(f, 0, fs, ~ret);
        }
        return Checksums.from32to16(ret);
    }

    private static long csumLevel(SkBuff s, long level) {
        switch ((int) level) {
            case 0 -> {
                return s.ipSummed == SkBuff.CHECKSUM_UNNECESSARY ? s.csumLevel : -Errno.EACCES;
            }
            case 1 -> {
                if (s.ipSummed == SkBuff.CHECKSUM_UNNECESSARY) {
                    if (s.csumLevel < 3) {
                        s.csumLevel++;
                    }
                } else if (s.ipSummed == SkBuff.CHECKSUM_NONE) {
                    s.ipSummed = SkBuff.CHECKSUM_UNNECESSARY;
                    s.csumLevel = 0;
                }
            }
            case 2 -> {
                if (s.ipSummed == SkBuff.CHECKSUM_UNNECESSARY) {
                    if (s.csumLevel == 0) {
                        s.ipSummed = SkBuff.CHECKSUM_NONE;
                    } else {
                        s.csumLevel--;
                    }
                }
            }
            case 3 -> {
                if (s.ipSummed == SkBuff.CHECKSUM_UNNECESSARY) {
                    s.ipSummed = SkBuff.CHECKSUM_NONE;
                    s.csumLevel = 0;
                }
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        return 0;
    }
}
