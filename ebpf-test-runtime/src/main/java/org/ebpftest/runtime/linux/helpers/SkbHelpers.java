package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.GET_CGROUP_CLASSID;
import static org.ebpftest.runtime.linux.helpers.HelperId.GET_HASH_RECALC;
import static org.ebpftest.runtime.linux.helpers.HelperId.SET_HASH;
import static org.ebpftest.runtime.linux.helpers.HelperId.SET_HASH_INVALID;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_ADJUST_ROOM;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_CHANGE_HEAD;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_CHANGE_PROTO;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_CHANGE_TAIL;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_CHANGE_TYPE;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_LOAD_BYTES;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_LOAD_BYTES_RELATIVE;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_PULL_DATA;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_STORE_BYTES;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_VLAN_POP;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_VLAN_PUSH;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;

/**
 * The socket-buffer helpers that read, write and reshape the packet, after net/core/filter.c, with
 * the kernel's return codes. test_run's buffers are linear and CHECKSUM_NONE, which decides the
 * checksum-related branches.
 */
final class SkbHelpers {
    static final Set<ContextType> TC = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT);
    static final Set<ContextType> SKB = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.SOCKET_FILTER, ContextType.CGROUP_SKB);

    static final long F_RECOMPUTE_CSUM = 1;
    static final long F_INVALIDATE_HASH = 1 << 1;
    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_IPV6 = 0x86dd;
    static final int ETH_P_8021Q = 0x8100;
    static final int ETH_P_8021AD = 0x88a8;
    static final int VLAN_HLEN = 4;

    private SkbHelpers() {
    }

    static void register(HelperRegistry t) {
        t.register(SKB_LOAD_BYTES, SKB, (run, ctx, offset, to, len, r5) -> loadBytes(run, offset, to, (int) len));
        t.register(SKB_LOAD_BYTES_RELATIVE, SKB, (run, ctx, offset, to, len, header) -> loadBytesRelative(run, offset, to, (int) len, header));
        t.register(SKB_STORE_BYTES, TC, (run, ctx, offset, from, len, flags) -> storeBytes(run, offset, from, (int) len, flags));
        t.register(SKB_PULL_DATA, TC, (run, ctx, len, r3, r4, r5) -> {
            SkBuff s = run.skb();
            return (len & 0xffffffffL) > s.len() ? -Errno.ENOMEM : 0;
        });
        t.register(SKB_CHANGE_TAIL, TC, (run, ctx, newLen, flags, r4, r5) -> changeTail(run.skb(), newLen & 0xffffffffL, flags));
        t.register(SKB_CHANGE_HEAD, TC, (run, ctx, room, flags, r4, r5) -> changeHead(run.skb(), room & 0xffffffffL, flags));
        t.register(SKB_CHANGE_TYPE, TC, (run, ctx, type, r3, r4, r5) -> {
            SkBuff s = run.skb();
            if (Integer.compareUnsigned(s.get(SkbLayout.PKT_TYPE), 3) > 0 || (type & 0xffffffffL) > 3) {
                return -Errno.EINVAL;
            }
            s.put(SkbLayout.PKT_TYPE, type);
            return 0;
        });
        t.register(SKB_CHANGE_PROTO, TC, (run, ctx, proto, flags, r4, r5) -> changeProto(run.skb(), Short.reverseBytes((short) proto) & 0xffff, flags));
        t.register(SKB_ADJUST_ROOM, TC, (run, ctx, diff, mode, flags, r5) -> adjustRoom(run.skb(), (int) diff, mode & 0xffffffffL, flags));
        t.register(SKB_VLAN_PUSH, TC, (run, ctx, proto, tci, r4, r5) -> vlanPush(run.skb(), Short.reverseBytes((short) proto) & 0xffff, (int) tci & 0xffff));
        t.register(SKB_VLAN_POP, TC, (run, ctx, r2, r3, r4, r5) -> vlanPop(run.skb()));
        t.register(GET_HASH_RECALC, TC, (run, ctx, r2, r3, r4, r5) -> hashRecalc(run));
        t.register(SET_HASH, TC, (run, ctx, hash, r3, r4, r5) -> {
            SkBuff s = run.skb();
            s.put(SkbLayout.HASH, hash);
            s.swHash = true;
            s.l4Hash = true;
            return 0;
        });
        t.register(SET_HASH_INVALID, TC, (run, ctx, r2, r3, r4, r5) -> {
            run.skb().clearHash();
            return 0;
        });
        t.register(GET_CGROUP_CLASSID, TC, (run, ctx, r2, r3, r4, r5) -> run.environment().cgroupClassid() & 0xffffffffL);
    }

    static long loadBytes(KernelRun run, long offset, long to, int len) {
        SkBuff s = run.skb();
        Memory m = run.vm().memory();
        if ((offset & 0xffffffffL) > Integer.MAX_VALUE || (offset & 0xffffffffL) + len > s.len()) {
            m.write(to, new byte[len]);
            return -Errno.EFAULT;
        }
        m.write(to, Arrays.copyOfRange(s.buf, s.data + (int) offset, s.data + (int) offset + len));
        return 0;
    }

    private static long loadBytesRelative(KernelRun run, long offset, long to, int len, long header) {
        SkBuff s = run.skb();
        Memory m = run.vm().memory();
        long off = offset & 0xffffffffL;
        int start = switch ((int) header) {
            case 0 -> s.mac;
            case 1 -> s.network;
            default -> -1;
        };
        if (off > 0xffff || start < 0 || header < 0 || header > 1 || start + off + len > s.tail) {
            m.write(to, new byte[len]);
            return -Errno.EFAULT;
        }
        m.write(to, Arrays.copyOfRange(s.buf, start + (int) off, start + (int) off + len));
        return 0;
    }

    static long storeBytes(KernelRun run, long offset, long from, int len, long flags) {
        SkBuff s = run.skb();
        if ((flags & ~(F_RECOMPUTE_CSUM | F_INVALIDATE_HASH)) != 0) {
            return -Errno.EINVAL;
        }
        long off = offset & 0xffffffffL;
        if (off > Integer.MAX_VALUE || off + len > s.len()) {
            return -Errno.EFAULT;
        }
        byte[] bytes = run.vm().memory().read(from, len);
        // BPF_F_RECOMPUTE_CSUM only updates skb->csum of CHECKSUM_COMPLETE buffers; test_run's are CHECKSUM_NONE
        System.arraycopy(bytes, 0, s.buf, s.data + (int) off, len);
        if ((flags & F_INVALIDATE_HASH) != 0) {
            s.clearHash();
        }
        return 0;
    }

    /**
     * __bpf_skb_max_len as test_run's buffers see it: SKB_MAX_ALLOC, four pages less the shared
     * info, 16064 bytes on x86-64 (confirmed against the kernel with bpftool prog run).
     */
    static final long SKB_MAX_ALLOC = 4 * SkbLayout.PAGE_SIZE - SkbLayout.SHINFO;

    private static long maxLen(SkBuff s) {
        return SKB_MAX_ALLOC;
    }

    private static long changeTail(SkBuff s, long newLen, long flags) {
        long minLen = s.network - s.data;
        if (flags != 0 || newLen > maxLen(s) || newLen < minLen) {
            return -Errno.EINVAL;
        }
        int n = (int) newLen;
        if (n > s.len()) {
            s.reserve(0, n - s.len());
            Arrays.fill(s.buf, s.tail, s.data + n, (byte) 0);
        }
        s.tail = s.data + n;
        if (s.isGso()) {
            // skb_gso_reset: the packet is no longer one to segment, whatever its new length
            s.put(SkbLayout.GSO_SIZE, 0);
            s.put(SkbLayout.GSO_SEGS, 0);
        }
        s.sync();
        return 0;
    }

    private static long changeHead(SkBuff s, long room, long flags) {
        long newLen = s.len() + room;
        if (flags != 0 || newLen > maxLen(s) || room > Integer.MAX_VALUE) {
            return -Errno.EINVAL;
        }
        int n = (int) room;
        s.reserve(n, 0);
        s.data -= n;
        Arrays.fill(s.buf, s.data, s.data + n, (byte) 0);
        s.mac = s.data;
        s.sync();
        return 0;
    }

    /** bpf_skb_net_hdr_push: inserts {@code len} zero bytes {@code off} bytes after skb->data. */
    private static void netHeaderPush(SkBuff s, int off, int len) {
        s.reserve(len, 0);
        System.arraycopy(s.buf, s.data, s.buf, s.data - len, off);
        s.data -= len;
        Arrays.fill(s.buf, s.data + off, s.data + off + len, (byte) 0);
        s.mac -= len;
        s.network -= len;
    }

    /** bpf_skb_net_hdr_pop: removes {@code len} bytes {@code off} bytes after skb->data. */
    private static void netHeaderPop(SkBuff s, int off, int len) {
        System.arraycopy(s.buf, s.data, s.buf, s.data + len, off);
        s.data += len;
        s.mac += len;
        s.network += len;
    }

    private static long changeProto(SkBuff s, int proto, long flags) {
        if (flags != 0) {
            return -Errno.EINVAL;
        }
        int off = s.network - s.mac;
        if (s.protocol() == ETH_P_IP && proto == ETH_P_IPV6) {
            netHeaderPush(s, off, 20);
        } else if (s.protocol() == ETH_P_IPV6 && proto == ETH_P_IP) {
            if (off + 20 > s.len()) {
                return -Errno.ENOMEM;
            }
            netHeaderPop(s, off, 20);
        } else {
            return -Errno.ENOTSUPP;
        }
        s.setProtocol(proto);
        s.clearHash();
        s.sync();
        return 0;
    }

    static final long ADJ_FIXED_GSO = 1;
    static final long ADJ_ENCAP_L3_IPV4 = 1 << 1;
    static final long ADJ_ENCAP_L3_IPV6 = 1 << 2;
    static final long ADJ_ENCAP_L4_GRE = 1 << 3;
    static final long ADJ_ENCAP_L4_UDP = 1 << 4;
    static final long ADJ_NO_CSUM_RESET = 1 << 5;
    static final long ADJ_ENCAP_L2_ETH = 1 << 6;
    static final long ADJ_DECAP_L3_IPV4 = 1 << 7;
    static final long ADJ_DECAP_L3_IPV6 = 1 << 8;
    static final long ADJ_ENCAP_L2_MASK = 0xffL << 56;
    static final long ADJ_MASK = ADJ_FIXED_GSO | ADJ_ENCAP_L3_IPV4 | ADJ_ENCAP_L3_IPV6 | ADJ_ENCAP_L4_GRE | ADJ_ENCAP_L4_UDP
            | ADJ_ENCAP_L2_ETH | ADJ_ENCAP_L2_MASK | ADJ_DECAP_L3_IPV4 | ADJ_DECAP_L3_IPV6;

    private static int netBaseLen(SkBuff s) {
        return switch (s.protocol()) {
            case ETH_P_IP -> 20;
            case ETH_P_IPV6 -> 40;
            default -> 0;
        };
    }

    private static long adjustRoom(SkBuff s, int lenDiff, long mode, long flags) {
        if ((flags & ~(ADJ_MASK | ADJ_NO_CSUM_RESET)) != 0) {
            return -Errno.EINVAL;
        }
        long abs = Math.abs((long) lenDiff);
        if (abs > 0xfff) {
            return -Errno.EFAULT;
        }
        int proto = s.protocol();
        if (proto != ETH_P_IP && proto != ETH_P_IPV6) {
            return -Errno.ENOTSUPP;
        }
        int off = s.network - s.mac;
        if (mode == 0) {
            off += netBaseLen(s);
        } else if (mode != 1) {
            return -Errno.ENOTSUPP;
        }
        boolean shrink = lenDiff < 0;
        int lenMin = netBaseLen(s);
        long decap = flags & (ADJ_DECAP_L3_IPV4 | ADJ_DECAP_L3_IPV6);
        if (decap != 0) {
            if (!shrink || decap == (ADJ_DECAP_L3_IPV4 | ADJ_DECAP_L3_IPV6)) {
                return -Errno.EINVAL;
            }
            lenMin = decap == ADJ_DECAP_L3_IPV4 ? 20 : 40;
        }
        long lenCur = s.len() - (s.network - s.data);
        if (shrink && (abs >= lenCur || lenCur - abs < lenMin) || !shrink && s.len() + abs > maxLen(s) && !s.isGso()) {
            return -Errno.ENOTSUPP;
        }
        long encap = flags & (ADJ_ENCAP_L3_IPV4 | ADJ_ENCAP_L3_IPV6 | ADJ_ENCAP_L4_GRE | ADJ_ENCAP_L4_UDP | ADJ_ENCAP_L2_ETH | ADJ_ENCAP_L2_MASK);
        if (shrink) {
            if (encap != 0) {
                return -Errno.EINVAL;
            }
            if (s.isGso()) {
                // bpf_skb_net_shrink takes only TCP GSO, or UDP GSO with a fixed size; test_run's GSO packets have no type
                return -Errno.ENOTSUPP;
            }
            if (off + abs > s.len()) {
                return -Errno.ENOMEM;
            }
            netHeaderPop(s, off, (int) abs);
            if (decap == ADJ_DECAP_L3_IPV4) {
                s.setProtocol(ETH_P_IP);
            } else if (decap == ADJ_DECAP_L3_IPV6) {
                s.setProtocol(ETH_P_IPV6);
            }
        } else {
            if (s.isGso()) {
                // bpf_skb_net_grow, before it looks at the flags: as for shrinking, no type means no growing
                return -Errno.ENOTSUPP;
            }
            if (encap != 0) {
                if ((flags & (ADJ_ENCAP_L3_IPV4 | ADJ_ENCAP_L3_IPV6)) == 0 || (flags & ADJ_ENCAP_L3_IPV4) != 0 && (flags & ADJ_ENCAP_L3_IPV6) != 0
                        || (flags & ADJ_ENCAP_L4_GRE) != 0 && (flags & ADJ_ENCAP_L4_UDP) != 0) {
                    return -Errno.EINVAL;
                }
            }
            netHeaderPush(s, off, (int) abs);
            if (proto == ETH_P_IP && (flags & ADJ_ENCAP_L3_IPV6) != 0) {
                s.setProtocol(ETH_P_IPV6);
            } else if (proto == ETH_P_IPV6 && (flags & ADJ_ENCAP_L3_IPV4) != 0) {
                s.setProtocol(ETH_P_IP);
            }
        }
        if ((flags & ADJ_NO_CSUM_RESET) == 0 && s.ipSummed == SkBuff.CHECKSUM_UNNECESSARY) {
            s.ipSummed = SkBuff.CHECKSUM_NONE;
            s.csumLevel = 0;
        }
        s.sync();
        return 0;
    }

    private static boolean isVlan(int proto) {
        return proto == ETH_P_8021Q || proto == ETH_P_8021AD;
    }

    private static long vlanPush(SkBuff s, int proto, int tci) {
        if (!isVlan(proto)) {
            proto = ETH_P_8021Q;
        }
        if (s.get(SkbLayout.VLAN_PRESENT) != 0) {
            // the tag already held in metadata moves into the packet, behind the MAC addresses
            int oldProto = Short.reverseBytes((short) s.get(SkbLayout.VLAN_PROTO)) & 0xffff;
            int oldTci = s.get(SkbLayout.VLAN_TCI) & 0xffff;
            int off = s.data - s.mac;
            s.reserve(VLAN_HLEN, 0);
            int mac = s.mac;
            System.arraycopy(s.buf, mac, s.buf, mac - VLAN_HLEN, 12);
            s.buf[mac + 8] = (byte) (oldProto >>> 8);
            s.buf[mac + 9] = (byte) oldProto;
            s.buf[mac + 10] = (byte) (oldTci >>> 8);
            s.buf[mac + 11] = (byte) oldTci;
            s.mac -= VLAN_HLEN;
            s.data = s.mac + off;
            if (off == 0) {
                s.data = s.mac;
            }
            s.setProtocol(oldProto);
        }
        s.put(SkbLayout.VLAN_PRESENT, 1);
        s.put(SkbLayout.VLAN_TCI, tci);
        s.put(SkbLayout.VLAN_PROTO, Short.reverseBytes((short) proto) & 0xffff);
        s.sync();
        return 0;
    }

    /** __skb_vlan_pop: removes the tag behind the MAC addresses; returns its TCI or a negative errno. */
    private static int popTagFromPacket(SkBuff s) {
        if (s.tail - s.mac < SkbLayout.ETH_HLEN + VLAN_HLEN) {
            return -Errno.ENOMEM;
        }
        int mac = s.mac;
        int tci = ContextBytes.be16(s.buf, mac + 14);
        int inner = ContextBytes.be16(s.buf, mac + 16);
        System.arraycopy(s.buf, mac, s.buf, mac + VLAN_HLEN, 12);
        boolean atMac = s.data == mac;
        s.mac += VLAN_HLEN;
        if (atMac) {
            s.data = s.mac;
        }
        if (s.network < s.mac + SkbLayout.ETH_HLEN) {
            s.network = s.mac + SkbLayout.ETH_HLEN;
        }
        s.setProtocol(inner >= 0x0600 ? inner : 0x0004);
        return tci;
    }

    private static long vlanPop(SkBuff s) {
        if (s.get(SkbLayout.VLAN_PRESENT) != 0) {
            s.put(SkbLayout.VLAN_PRESENT, 0);
            s.put(SkbLayout.VLAN_TCI, 0);
            s.put(SkbLayout.VLAN_PROTO, 0);
        } else {
            if (!isVlan(s.protocol())) {
                return 0;
            }
            int r = popTagFromPacket(s);
            if (r < 0) {
                return r;
            }
        }
        if (isVlan(s.protocol())) {
            int proto = s.protocol();
            int tci = popTagFromPacket(s);
            if (tci < 0) {
                s.sync();
                return tci;
            }
            s.put(SkbLayout.VLAN_PRESENT, 1);
            s.put(SkbLayout.VLAN_TCI, tci);
            s.put(SkbLayout.VLAN_PROTO, Short.reverseBytes((short) proto) & 0xffff);
        }
        s.sync();
        return 0;
    }

    private static long hashRecalc(KernelRun run) {
        SkBuff s = run.skb();
        if (!s.l4Hash && !s.swHash) {
            FlowHash.Result r = FlowHash.of(s, run.environment().hashSeed());
            s.put(SkbLayout.HASH, r.hash());
            s.l4Hash = r.l4();
        }
        return s.get(SkbLayout.HASH) & 0xffffffffL;
    }
}
