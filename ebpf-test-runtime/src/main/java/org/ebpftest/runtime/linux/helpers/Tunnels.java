package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_GET_TUNNEL_KEY;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_GET_TUNNEL_OPT;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_SET_TUNNEL_KEY;
import static org.ebpftest.runtime.linux.helpers.HelperId.SKB_SET_TUNNEL_OPT;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.net.TunnelInfo;
import org.ebpftest.runtime.uapi.Errno;

/**
 * The tunnel helpers of tc programs, after net/core/filter.c: {@code bpf_skb_get_tunnel_key},
 * {@code bpf_skb_set_tunnel_key} ({@code struct bpf_tunnel_key}, 44 bytes, or the kernel's shorter
 * compatible sizes), {@code bpf_skb_get_tunnel_opt} and {@code bpf_skb_set_tunnel_opt}, over the
 * tunnel metadata of the run ({@link KernelRun#tunnel()}).
 */
public final class Tunnels {
    static final long F_TUNINFO_IPV6 = 1;
    static final long F_TUNINFO_FLAGS = 1 << 4;
    static final long F_ZERO_CSUM_TX = 1 << 1;
    static final long F_DONT_FRAGMENT = 1 << 2;
    static final long F_SEQ_NUMBER = 1 << 3;
    static final long F_NO_TUNNEL_KEY = 1 << 4;
    static final int KEY_SIZE = 44;
    /** IP_TUNNEL_OPTS_MAX: options_len is a u8. */
    public static final int OPTS_MAX = 255;

    private Tunnels() {
    }

    static void register(HelperRegistry t) {
        t.register(SKB_GET_TUNNEL_KEY, SkbHelpers.TC, Tunnels::getKey);
        t.register(SKB_SET_TUNNEL_KEY, SkbHelpers.TC, Tunnels::setKey);
        t.register(SKB_GET_TUNNEL_OPT, SkbHelpers.TC, Tunnels::getOpt);
        t.register(SKB_SET_TUNNEL_OPT, SkbHelpers.TC, Tunnels::setOpt);
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
            err = -Errno.EPROTO;
        } else if (size != KEY_SIZE && !compatSize(size) || size == 8 && info.ipv6()) {
            err = -Errno.EINVAL;
        } else {
            // The kernel reports the key's source address as remote and its destination as local.
            // Received metadata has the peer as source; metadata a program set has the peer as
            // destination, so a key read back after bpf_skb_set_tunnel_key has them swapped
            // (confirmed: remote reads 0 when only remote_ipv4 was set).
            byte[] keySource = run.tunnelSetByProgram() ? info.local() : info.remote();
            byte[] keyDestination = run.tunnelSetByProgram() ? info.remote() : info.local();
            ByteBuffer k = ByteBuffer.allocate(KEY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            k.putInt(0, (int) info.tunnelId());
            k.put(20, (byte) info.tos());
            k.put(21, (byte) info.ttl());
            if ((flags & F_TUNINFO_FLAGS) != 0) {
                // ip_tunnel_flags_to_be16: the low 16 flag bits, big-endian
                k.put(22, (byte) (info.flags() >>> 8));
                k.put(23, (byte) info.flags());
            }
            if (info.ipv6()) {
                k.put(4, keySource);
                k.put(28, keyDestination);
                k.putInt(24, info.label());
            } else {
                // IPv4 addresses are returned in host order
                k.putInt(4, ByteBuffer.wrap(keySource).getInt());
                k.putInt(28, ByteBuffer.wrap(keyDestination).getInt());
            }
            run.vm().memory().write(to, Arrays.copyOf(k.array(), n));
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
            remote = Arrays.copyOfRange(raw, 4, 20);
            local = Arrays.copyOfRange(raw, 28, 44);
        } else {
            remote = ByteBuffer.allocate(4).putInt(k.getInt(4)).array();
            local = ByteBuffer.allocate(4).putInt(k.getInt(28)).array();
        }
        int tunFlags = TunnelInfo.NOCACHE;
        tunFlags |= (flags & F_DONT_FRAGMENT) != 0 ? TunnelInfo.DONT_FRAGMENT : 0;
        tunFlags |= (flags & F_ZERO_CSUM_TX) == 0 ? TunnelInfo.CSUM : 0;
        tunFlags |= (flags & F_SEQ_NUMBER) != 0 ? TunnelInfo.SEQ : 0;
        tunFlags |= (flags & F_NO_TUNNEL_KEY) == 0 ? TunnelInfo.KEY : 0;
        // a new key replaces the packet's metadata, options included
        run.setTunnel(new TunnelInfo(k.getInt(0) & 0xffffffffL, remote, local, raw[20] & 0xff, raw[21] & 0xff,
                v6 ? k.getInt(24) & 0xfffff : 0, null, tunFlags));
        return 0;
    }

    /** bpf_skb_get_tunnel_opt: copies the options and zero-fills the rest of the buffer; returns their length. */
    private static long getOpt(KernelRun run, long ctx, long to, long size, long r4, long r5) {
        TunnelInfo info = run.tunnel();
        int n = (int) (size & 0xffffffffL);
        long err;
        if (info == null || !info.optionsPresent()) {
            err = -Errno.ENOENT;
        } else if (n < info.options().length) {
            err = -Errno.ENOMEM;
        } else {
            run.vm().memory().write(to, Arrays.copyOf(info.options(), n));
            return info.options().length;
        }
        run.vm().memory().write(to, new byte[n]);
        return err;
    }

    /**
     * bpf_skb_set_tunnel_opt: only on metadata the program set with bpf_skb_set_tunnel_key in this
     * run; sizes are multiples of 4 up to 255 bytes. Non-empty options mark every option type present.
     */
    private static long setOpt(KernelRun run, long ctx, long from, long size, long r4, long r5) {
        TunnelInfo info = run.tunnel();
        long n = size & 0xffffffffL;
        if (info == null || !run.tunnelSetByProgram() || (n & 3) != 0) {
            return -Errno.EINVAL;
        }
        if (n > OPTS_MAX) {
            return -Errno.ENOMEM;
        }
        byte[] options = n == 0 ? new byte[0] : run.vm().memory().read(from, (int) n);
        run.setTunnel(info.withOptions(options, n > 0 ? info.flags() | TunnelInfo.OPTIONS_PRESENT : info.flags()));
        return 0;
    }
}
