package org.ebpftest.packet;

/** EtherType values (IEEE 802 numbers) this package knows, for Ethernet, VLAN tags, GRE and GENEVE. */
public final class EtherType {

    /** IPv4. */
    public static final int IPV4 = 0x0800;
    /** ARP. */
    public static final int ARP = 0x0806;
    /** IEEE 802.1Q customer VLAN tag. */
    public static final int VLAN = 0x8100;
    /** IEEE 802.1ad service VLAN tag (outer tag of QinQ). */
    public static final int QINQ = 0x88a8;
    /** Pre-standard QinQ outer tag some switches still send. */
    public static final int QINQ_LEGACY = 0x9100;
    /** IPv6. */
    public static final int IPV6 = 0x86dd;
    /** Transparent Ethernet bridging: a whole Ethernet frame follows (GRE, GENEVE). */
    public static final int TRANSPARENT_ETHERNET = 0x6558;
    /** IEEE local experimental EtherType 1, used by the builder for a raw payload. */
    public static final int LOCAL_EXPERIMENTAL = 0x88b5;
    /** Values below this are IEEE 802.3 length fields, not EtherTypes. */
    public static final int MIN_ETHER_TYPE = 0x0600;

    private EtherType() {
    }

    static boolean isVlanTag(int type) {
        return type == VLAN || type == QINQ || type == QINQ_LEGACY;
    }
}
