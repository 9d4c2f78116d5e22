package org.ebpftest.runtime.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code bpf_skb_get_tunnel_key} and {@code bpf_skb_set_tunnel_key} over the tunnel metadata the
 * test put in the environment; the layout is {@code struct bpf_tunnel_key} (44 bytes, or the
 * kernel's shorter compatible sizes).
 */
final class Tunnels {
    static final long F_TUNINFO_IPV6 = 1;
    static final long F_TUNINFO_FLAGS = 1 << 4;
    static final long F_ZERO_CSUM_TX = 1 << 1;
    static final long F_DONT_FRAGMENT = 1 << 2;
    static final long F_SEQ_NUMBER = 1 << 3;
    static final long F_NO_TUNNEL_KEY = 1 << 4;
    static final int KEY_SIZE = 44;
    static final int EPROTO = 71;

    private Tunnels() {
    }

    static void register(HelperTable t) {
        t.register(20, SkbHelpers.TC, Tunnels::getKey);
        t.register(21, SkbHelpers.TC, Tunnels::setKey);
    }

    private static boolean compatSize(long size) {
        return size == 28 || size == 24 || size == 22 || size == 8;
    }

    private static long getKey(KernelRun run, long ctx, long to, long size, long flags, long r5) {
        TunnelInfo info = run.tunnel();
        int n = (int) size;
        long err;
        if (info == null || (flags & ~(F_TUNINFO_IPV6 | F_TUNINFO_FLAGS)) != 0) {
            err = -Errno.EINVAL;
        } else if (info.ipv6() != ((flags & F_TUNINFO_IPV6) != 0)) {
            err = -EPROTO;
        } else if (size != KEY_SIZE && !compatSize(size) || size == 8 && info.ipv6()) {
            err = -Errno.EINVAL;
        } else {
            ByteBuffer k = ByteBuffer.allocate(KEY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            k.putInt(0, (int) info.tunnelId());
            k.put(20, (byte) info.tos());
            k.put(21, (byte) info.ttl());
            if (info.ipv6()) {
                k.put(4, info.remote());
                k.put(28, info.local());
                k.putInt(24, info.label());
            } else {
                // IPv4 addresses are returned in host order
                k.putInt(4, ByteBuffer.wrap(info.remote()).getInt());
                k.putInt(28, ByteBuffer.wrap(info.local()).getInt());
            }
            byte[] out = new byte[n];
            System.arraycopy(k.array(), 0, out, 0, n);
            run.vm().memory().write(to, out);
            return 0;
        }
        run.vm().memory().write(to, new byte[n]);
        return err;
    }

    private static long setKey(KernelRun run, long ctx, long from, long size, long flags, long r5) {
        if ((flags & ~(F_TUNINFO_IPV6 | F_ZERO_CSUM_TX | F_DONT_FRAGMENT | F_SEQ_NUMBER | F_NO_TUNNEL_KEY)) != 0) {
            return -Errno.EINVAL;
        }
        // The kernel takes the older, shorter key sizes with or without BPF_F_TUNINFO_IPV6
        // (confirmed with bpftool prog run: a 28-byte key with the flag is accepted).
        if (size != KEY_SIZE && !compatSize(size)) {
            return -Errno.EINVAL;
        }
        byte[] raw = new byte[KEY_SIZE];
        byte[] given = run.vm().memory().read(from, (int) size);
        System.arraycopy(given, 0, raw, 0, given.length);
        ByteBuffer k = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        boolean v6 = (flags & F_TUNINFO_IPV6) != 0;
        // An IPv4 key may not carry a flow label (confirmed: -EINVAL), and tunnel_ext must be 0.
        if (!v6 && k.getInt(24) != 0 || k.getShort(22) != 0) {
            return -Errno.EINVAL;
        }
        byte[] remote;
        byte[] local;
        if (v6) {
            remote = java.util.Arrays.copyOfRange(raw, 4, 20);
            local = java.util.Arrays.copyOfRange(raw, 28, 44);
        } else {
            remote = ByteBuffer.allocate(4).putInt(k.getInt(4)).array();
            local = ByteBuffer.allocate(4).putInt(k.getInt(28)).array();
        }
        // The kernel stores the key's remote address as the tunnel's destination and its local
        // address as the source; bpf_skb_get_tunnel_key reports the source as remote. TunnelInfo is
        // that receive-side view, so a set swaps them (confirmed against the kernel: get after set
        // returns remote 0 when only remote_ipv4 was set).
        run.setTunnel(new TunnelInfo(k.getInt(0) & 0xffffffffL, local, remote, raw[20] & 0xff, raw[21] & 0xff,
                v6 ? k.getInt(24) & 0xfffff : 0, null));
        return 0;
    }
}
