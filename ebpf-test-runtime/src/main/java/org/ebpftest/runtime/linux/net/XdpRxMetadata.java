package org.ebpftest.runtime.linux.net;

/**
 * The receive metadata a NIC driver reports for a frame, which an XDP program reads with the
 * {@code bpf_xdp_metadata_rx_*} kfuncs: a component that is null is metadata the frame lacks, for
 * which the kfunc answers {@code -ENODATA}, as drivers do.
 *
 * @param hash the RSS hash and its type, or null
 * @param timestampNs the hardware receive timestamp in nanoseconds, or null
 * @param vlan the stripped VLAN tag, or null
 */
public record XdpRxMetadata(Hash hash, Long timestampNs, Vlan vlan) {
    /**
     * An RSS hash.
     *
     * @param value the hash
     * @param type its {@code enum xdp_rss_hash_type} (such as {@code XDP_RSS_TYPE_L4_IPV4_TCP})
     */
    public record Hash(int value, int type) {
    }

    /**
     * A VLAN tag the hardware stripped.
     *
     * @param proto the tag protocol in host order, such as 0x8100
     * @param tci the tag control information (priority, DEI and VLAN id)
     */
    public record Vlan(int proto, int tci) {
        /** A tag; both values are 16 bits. */
        public Vlan {
            if ((proto & ~0xffff) != 0 || (tci & ~0xffff) != 0) {
                throw new IllegalArgumentException("VLAN proto and tci are 16 bits, were " + proto + " and " + tci);
            }
        }
    }

    /** Metadata the driver supports but this frame has none of: every kfunc answers -ENODATA. */
    public static XdpRxMetadata none() {
        return new XdpRxMetadata(null, null, null);
    }

    /** This metadata with an RSS hash. */
    public XdpRxMetadata withHash(int value, int type) {
        return new XdpRxMetadata(new Hash(value, type), timestampNs, vlan);
    }

    /** This metadata with a receive timestamp. */
    public XdpRxMetadata withTimestamp(long ns) {
        return new XdpRxMetadata(hash, ns, vlan);
    }

    /** This metadata with a stripped VLAN tag. */
    public XdpRxMetadata withVlan(int proto, int tci) {
        return new XdpRxMetadata(hash, timestampNs, new Vlan(proto, tci));
    }
}
