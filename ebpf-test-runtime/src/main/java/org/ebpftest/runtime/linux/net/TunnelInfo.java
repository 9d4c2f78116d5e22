package org.ebpftest.runtime.linux.net;

import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.helpers.Tunnels;

/**
 * Tunnel metadata of a packet: what a collect-metadata tunnel device attached on receive (the
 * environment's, which {@code bpf_skb_get_tunnel_key} and {@code bpf_skb_get_tunnel_opt} read),
 * or what a program set for transmission with {@code bpf_skb_set_tunnel_key} and
 * {@code bpf_skb_set_tunnel_opt} ({@link RunResult#tunnel()}).
 *
 * @param tunnelId the tunnel id (VNI, GRE key)
 * @param remote the outer address of the peer, 4 bytes (IPv4) or 16 (IPv6): the outer source of a
 *     received packet, the outer destination of one to send
 * @param local the outer address of this host, of the same family
 * @param tos the outer TOS
 * @param ttl the outer TTL
 * @param label the IPv6 flow label
 * @param options the tunnel options (such as Geneve TLVs), possibly empty
 * @param flags the kernel's tunnel flags ({@code TUNNEL_KEY}, {@code TUNNEL_CSUM}, ...), as
 *     {@code bpf_skb_get_tunnel_key} with {@code BPF_F_TUNINFO_FLAGS} reports them (bit 0 is
 *     {@code TUNNEL_CSUM}); bit 16 is {@code TUNNEL_PFCP_OPT}, which that field cannot show
 */
public record TunnelInfo(long tunnelId, byte[] remote, byte[] local, int tos, int ttl, int label, byte[] options, int flags) {
    /** {@code TUNNEL_CSUM}: the outer UDP checksum is computed. */
    public static final int CSUM = 1;
    /** {@code TUNNEL_KEY}: the tunnel id is carried. */
    public static final int KEY = 1 << 2;
    /** {@code TUNNEL_SEQ}: GRE sequence numbers. */
    public static final int SEQ = 1 << 3;
    /** {@code TUNNEL_DONT_FRAGMENT}: the outer header has DF set. */
    public static final int DONT_FRAGMENT = 1 << 8;
    /** {@code TUNNEL_GENEVE_OPT}: Geneve options are present. */
    public static final int GENEVE_OPT = 1 << 11;
    /** {@code TUNNEL_VXLAN_OPT}: VXLAN options are present. */
    public static final int VXLAN_OPT = 1 << 12;
    /** {@code TUNNEL_NOCACHE}: set on every key a program sets. */
    public static final int NOCACHE = 1 << 13;
    /** {@code TUNNEL_ERSPAN_OPT}: ERSPAN options are present. */
    public static final int ERSPAN_OPT = 1 << 14;
    /** {@code TUNNEL_GTP_OPT}: GTP options are present. */
    public static final int GTP_OPT = 1 << 15;
    /** {@code TUNNEL_PFCP_OPT}: PFCP options are present. */
    public static final int PFCP_OPT = 1 << 16;
    /** The flags that mark options as present; {@code bpf_skb_set_tunnel_opt} sets them all. */
    public static final int OPTIONS_PRESENT = GENEVE_OPT | VXLAN_OPT | ERSPAN_OPT | GTP_OPT | PFCP_OPT;

    /** Tunnel metadata; arrays are copied. */
    public TunnelInfo {
        if (remote.length != 4 && remote.length != 16 || local.length != remote.length) {
            throw new IllegalArgumentException("remote and local must both be IPv4 (4 bytes) or IPv6 (16 bytes)");
        }
        remote = remote.clone();
        local = local.clone();
        options = options == null ? new byte[0] : options.clone();
        if (options.length > Tunnels.OPTS_MAX) {
            throw new IllegalArgumentException("tunnel options hold at most " + Tunnels.OPTS_MAX + " bytes, had " + options.length);
        }
    }

    /**
     * Received tunnel metadata as a Geneve device attaches it: flags {@code TUNNEL_KEY}, plus
     * {@code TUNNEL_GENEVE_OPT} when there are options.
     */
    public TunnelInfo(long tunnelId, byte[] remote, byte[] local, int tos, int ttl, int label, byte[] options) {
        this(tunnelId, remote, local, tos, ttl, label, options, KEY | (options != null && options.length > 0 ? GENEVE_OPT : 0));
    }

    /** True for an IPv6 outer header. */
    public boolean ipv6() {
        return remote.length == 16;
    }

    /** True when the flags mark options as present, which {@code bpf_skb_get_tunnel_opt} needs. */
    public boolean optionsPresent() {
        return (flags & OPTIONS_PRESENT) != 0;
    }

    @Override
    public byte[] remote() {
        return remote.clone();
    }

    @Override
    public byte[] local() {
        return local.clone();
    }

    @Override
    public byte[] options() {
        return options.clone();
    }

    public TunnelInfo withOptions(byte[] newOptions, int newFlags) {
        return new TunnelInfo(tunnelId, remote, local, tos, ttl, label, newOptions, newFlags);
    }
}
