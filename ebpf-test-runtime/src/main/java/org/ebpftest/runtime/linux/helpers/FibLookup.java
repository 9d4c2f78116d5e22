package org.ebpftest.runtime.linux.helpers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.buffers.SkBuff;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.net.FibTable;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;

/**
 * {@code bpf_fib_lookup} for XDP and tc programs, after {@code bpf_ipv4_fib_lookup} and
 * {@code bpf_ipv6_fib_lookup} in net/core/filter.c, answered from the environment's
 * {@link FibTable} and devices: the checks and return codes in the kernel's order, the MTU check
 * against the egress device, and the fields of {@code struct bpf_fib_lookup} the kernel rewrites.
 */
final class FibLookup {
    static final Set<ContextType> TYPES = EnumSet.of(ContextType.SCHED_CLS, ContextType.SCHED_ACT, ContextType.XDP);

    /** sizeof(struct bpf_fib_lookup). */
    static final int SIZE = 64;
    static final int FAMILY = 0;
    static final int TOT_LEN = 6;
    static final int IFINDEX = 8;
    static final int RT_METRIC = 12;
    static final int SRC = 16;
    static final int DST = 32;
    static final int TBID = 48;
    static final int MARK = 52;
    static final int SMAC = 52;
    static final int DMAC = 58;

    static final long DIRECT = 1;
    static final long OUTPUT = 1 << 1;
    static final long SKIP_NEIGH = 1 << 2;
    static final long USE_TBID = 1 << 3;
    static final long SRC_ADDR = 1 << 4;
    static final long USE_MARK = 1 << 5;
    static final long FLAGS = DIRECT | OUTPUT | SKIP_NEIGH | USE_TBID | SRC_ADDR | USE_MARK;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    static final int RET_SUCCESS = 0;
    static final int RET_BLACKHOLE = 1;
    static final int RET_UNREACHABLE = 2;
    static final int RET_PROHIBIT = 3;
    static final int RET_NOT_FWDED = 4;
    static final int RET_FWD_DISABLED = 5;
    static final int RET_UNSUPP_LWT = 6;
    static final int RET_NO_NEIGH = 7;
    static final int RET_FRAG_NEEDED = 8;
    static final int RET_NO_SRC_ADDR = 9;

    /** IP_MAX_MTU: the largest IPv4 route MTU. */
    static final int IP_MAX_MTU = 0xfff0;
    /** IPV6_MIN_MTU and IP6_MAX_MTU bound an IPv6 route MTU. */
    static final int IPV6_MIN_MTU = 1280;
    static final int IP6_MAX_MTU = 0xffff + 40;
    /** is_skb_forwardable allows the device MTU plus its hard header and one VLAN tag. */
    static final int VLAN_HLEN = 4;

    private FibLookup() {
    }

    static void register(HelperRegistry t) {
        t.register(HelperId.FIB_LOOKUP, TYPES, FibLookup::call);
    }

    private static long call(KernelRun run, long ctx, long paramsAddress, long plen, long flags, long r5) {
        if ((int) plen < SIZE) {
            return -Errno.EINVAL;
        }
        if ((flags & 0xffffffffL & ~FLAGS) != 0) {
            return -Errno.EINVAL;
        }
        Memory m = run.vm().memory();
        ByteBuffer p = ByteBuffer.wrap(m.read(paramsAddress, SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        boolean xdp = run.programType() == ContextType.XDP;
        boolean checkMtu = xdp || (p.getShort(TOT_LEN) & 0xffff) != 0;
        int family = p.get(FAMILY) & 0xff;
        long rc;
        if (family == AF_INET) {
            rc = lookup(run, p, flags, checkMtu, false);
        } else if (family == AF_INET6) {
            rc = lookup(run, p, flags, checkMtu, true);
        } else {
            return -Errno.EAFNOSUPPORT;
        }
        if (!xdp && rc == RET_SUCCESS && !checkMtu) {
            // without tot_len the tc variant checks the packet itself against the egress device
            NetDevice dev = run.environment().device(p.getInt(IFINDEX)).orElseThrow();
            SkBuff skb = run.skb();
            boolean gso = skb.get(SkbLayout.GSO_SIZE) != 0;
            if (skb.len() > dev.mtu() + SkbLayout.ETH_HLEN + VLAN_HLEN && !gso) {
                rc = RET_FRAG_NEEDED;
            }
            p.putShort(TOT_LEN, (short) dev.mtu());
        }
        m.write(paramsAddress, p.array());
        return rc;
    }

    private static long lookup(KernelRun run, ByteBuffer p, long flags, boolean checkMtu, boolean v6) {
        LinuxEnvironment env = run.environment();
        FibTable fib = env.fib();
        int alen = v6 ? 16 : 4;
        byte[] src = bytes(p, SRC, alen);
        byte[] dst = bytes(p, DST, alen);
        // link-local, multicast and loopback IPv6 addresses are never forwarded
        if (v6 && (strictScope(dst) || strictScope(src))) {
            return RET_NOT_FWDED;
        }
        int ifindex = p.getInt(IFINDEX);
        if (env.device(ifindex).isEmpty()) {
            return -Errno.ENODEV;
        }
        if (!fib.forwards(ifindex, v6)) {
            return RET_FWD_DISABLED;
        }
        boolean output = (flags & OUTPUT) != 0;
        int oif = output ? ifindex : 0;
        FibTable.Route route;
        if ((flags & DIRECT) != 0) {
            int table = FibTable.MAIN;
            if ((flags & USE_TBID) != 0) {
                table = p.getInt(TBID);
                p.putInt(TBID, 0);
            }
            if (!fib.tableExists(table)) {
                return RET_NOT_FWDED;
            }
            route = fib.lookupTable(table, dst, oif, !v6);
        } else {
            int mark = (flags & USE_MARK) != 0 ? p.getInt(MARK) : 0;
            route = fib.lookupByRules(dst, mark, oif, !v6);
        }
        if (route == null) {
            return RET_NOT_FWDED;
        }
        switch (route.type()) {
            case UNICAST -> {
            }
            case BLACKHOLE -> {
                return RET_BLACKHOLE;
            }
            case UNREACHABLE -> {
                return RET_UNREACHABLE;
            }
            case PROHIBIT -> {
                return RET_PROHIBIT;
            }
            default -> {
                return RET_NOT_FWDED;
            }
        }
        NetDevice dev = env.device(route.ifindex()).orElseThrow(() -> new IllegalStateException("route to "
                + address(route.prefix()) + "/" + route.length() + " leaves through ifindex " + route.ifindex()
                + ", which is no device; add it with LinuxEnvironment.addDevice"));
        int mtu = 0;
        if (checkMtu) {
            mtu = routeMtu(route, dev, v6);
            if ((p.getShort(TOT_LEN) & 0xffff) > mtu) {
                p.putShort(TOT_LEN, (short) mtu);
                return RET_FRAG_NEEDED;
            }
        }
        if (route.encap()) {
            return RET_UNSUPP_LWT;
        }
        p.putInt(RT_METRIC, route.metric());
        p.putInt(IFINDEX, dev.ifindex());
        byte[] gateway = route.gateway();
        byte[] nextHop = gateway != null ? gateway : dst;
        if (gateway != null) {
            if (gateway.length == 16 && !v6) {
                p.put(FAMILY, (byte) AF_INET6);
            }
            p.put(DST, gateway);
        }
        if ((flags & SRC_ADDR) != 0) {
            byte[] source = route.preferredSource();
            if (source == null) {
                source = fib.sourceAddress(dev.ifindex(), nextHop.length == alen ? nextHop : dst).orElse(null);
            }
            if (source == null && v6) {
                return RET_NO_SRC_ADDR;
            }
            p.put(SRC, source == null ? new byte[4] : source);
        }
        if ((flags & SKIP_NEIGH) == 0) {
            FibTable.Neighbour n = fib.neighbour(nextHop, dev.ifindex()).orElse(null);
            if (n == null) {
                return RET_NO_NEIGH;
            }
            p.put(DMAC, n.mac());
            p.put(SMAC, dev.mac());
        }
        // bpf_fib_set_fwd_params: no VLAN, and the MTU where it was checked
        p.putInt(TBID, 0);
        if (mtu != 0) {
            p.putShort(TOT_LEN, (short) mtu);
        }
        return RET_SUCCESS;
    }

    /** ip_mtu_from_fib_result / ip6_mtu_from_fib6: a locked route MTU, else the device's, within the family's bounds. */
    private static int routeMtu(FibTable.Route route, NetDevice dev, boolean v6) {
        if (route.mtu() != 0) {
            return route.mtu();
        }
        if (v6) {
            return Math.min(Math.max(IPV6_MIN_MTU, dev.mtu()), IP6_MAX_MTU);
        }
        return Math.min(dev.mtu(), IP_MAX_MTU);
    }

    /** rt6_need_strict: multicast, link-local unicast or the loopback address. */
    private static boolean strictScope(byte[] a) {
        if ((a[0] & 0xff) == 0xff || (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
            return true;
        }
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 1;
    }

    private static byte[] bytes(ByteBuffer p, int offset, int length) {
        return Arrays.copyOfRange(p.array(), offset, offset + length);
    }

    private static String address(byte[] a) {
        try {
            return java.net.InetAddress.getByAddress(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return Arrays.toString(a);
        }
    }
}
