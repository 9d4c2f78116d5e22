package org.ebpftest.runtime.linux;

/**
 * The tunnel metadata of the packet under test, which {@code bpf_skb_get_tunnel_key} and
 * {@code bpf_skb_get_tunnel_opt} read, and which the set counterparts replace.
 *
 * @param tunnelId the tunnel id (VNI, GRE key)
 * @param remote the outer remote address, 4 bytes (IPv4) or 16 (IPv6)
 * @param local the outer local address, of the same family
 * @param tos the outer TOS
 * @param ttl the outer TTL
 * @param label the IPv6 flow label
 * @param options the tunnel options (such as Geneve TLVs), possibly empty
 */
public record TunnelInfo(long tunnelId, byte[] remote, byte[] local, int tos, int ttl, int label, byte[] options) {
    /** Tunnel metadata; arrays are copied. */
    public TunnelInfo {
        if (remote.length != 4 && remote.length != 16 || local.length != remote.length) {
            throw new IllegalArgumentException("remote and local must both be IPv4 (4 bytes) or IPv6 (16 bytes)");
        }
        remote = remote.clone();
        local = local.clone();
        options = options == null ? new byte[0] : options.clone();
    }

    /** True for an IPv6 outer header. */
    public boolean ipv6() {
        return remote.length == 16;
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
}
