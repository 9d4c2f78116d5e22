package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds an Ethernet II header and any VLAN tags after it; see {@link Packets}.
 *
 * <p>The EtherType after the last tag is taken from the next header unless {@link #etherType(int)}
 * sets it.
 */
public final class EthernetBuilder extends PacketBuilder<EthernetBuilder> {

    static final MacAddress DEFAULT_SOURCE = MacAddress.of("02:00:00:00:00:01");
    static final MacAddress DEFAULT_DESTINATION = MacAddress.of("02:00:00:00:00:02");

    private final Draft.Spec spec;
    private MacAddress source = DEFAULT_SOURCE;
    private MacAddress destination;
    private MacAddress implicitDestination = DEFAULT_DESTINATION;
    private final List<int[]> tags = new ArrayList<>();
    private int etherType = -1;
    private int minimumLength;

    EthernetBuilder(Draft draft, Draft.Spec after) {
        super(draft);
        this.spec = draft.add(after, new Draft.Spec("ethernet", EtherType.TRANSPARENT_ETHERNET, -1, this::encode));
    }

    /** Sets the source MAC address, such as {@code "02:00:00:00:00:01"}. */
    public EthernetBuilder source(String mac) {
        return source(MacAddress.of(mac));
    }

    /** Sets the source MAC address from six bytes. */
    public EthernetBuilder source(byte[] mac) {
        return source(MacAddress.of(mac));
    }

    /** Sets the source MAC address. */
    public EthernetBuilder source(MacAddress mac) {
        this.source = mac;
        return this;
    }

    /** Sets the destination MAC address, such as {@code "02:00:00:00:00:02"}. */
    public EthernetBuilder destination(String mac) {
        return destination(MacAddress.of(mac));
    }

    /** Sets the destination MAC address from six bytes. */
    public EthernetBuilder destination(byte[] mac) {
        return destination(MacAddress.of(mac));
    }

    /** Sets the destination MAC address; without it, ARP requests go to broadcast and other frames to 02:00:00:00:00:02. */
    public EthernetBuilder destination(MacAddress mac) {
        this.destination = mac;
        return this;
    }

    /** Adds an 802.1Q tag (TPID 0x8100) with priority 0. */
    public EthernetBuilder vlan(int id) {
        return tag(EtherType.VLAN, id, 0, false);
    }

    /** Adds an 802.1Q tag (TPID 0x8100) with a priority code point. */
    public EthernetBuilder vlan(int id, int priority) {
        return tag(EtherType.VLAN, id, priority, false);
    }

    /** Adds an 802.1ad service tag (TPID 0x88a8), the outer tag of QinQ. */
    public EthernetBuilder serviceVlan(int id) {
        return tag(EtherType.QINQ, id, 0, false);
    }

    /** Adds QinQ tags: an 802.1ad service tag, then an 802.1Q customer tag. */
    public EthernetBuilder qinq(int serviceId, int customerId) {
        return serviceVlan(serviceId).vlan(customerId);
    }

    /** Adds a tag with any TPID, priority and drop-eligible bit. */
    public EthernetBuilder tag(int tpid, int id, int priority, boolean dropEligible) {
        u16("TPID", tpid);
        Bytes.checkRange("VLAN id", id, 0xfff);
        Bytes.checkRange("VLAN priority", priority, 7);
        tags.add(new int[] {tpid, priority << 13 | (dropEligible ? 0x1000 : 0) | id});
        return this;
    }

    /** Overrides the EtherType after the tags, which is otherwise that of the next header. */
    public EthernetBuilder etherType(int type) {
        this.etherType = u16("EtherType", type);
        return this;
    }

    /**
     * Pads the frame with zero bytes after everything it carries until it is at least
     * {@code frameLength} bytes long; 60 is the Ethernet minimum without the FCS. Lengths inside
     * the frame do not count the padding, so parsers see it as {@link Packet#trailer()}.
     */
    public EthernetBuilder padTo(int frameLength) {
        this.minimumLength = Bytes.checkRange("minimum frame length", frameLength, 0xffff);
        return this;
    }

    /** Adds an IPv4 header after this one. */
    public Ipv4Builder ipv4() {
        return new Ipv4Builder(draft, spec);
    }

    /** Adds an IPv6 header after this one. */
    public Ipv6Builder ipv6() {
        return new Ipv6Builder(draft, spec);
    }

    /** Adds an ARP packet after this one (a request unless told otherwise). */
    public ArpBuilder arp() {
        return new ArpBuilder(draft, spec, this);
    }

    MacAddress source() {
        return source;
    }

    MacAddress destination() {
        return destination != null ? destination : implicitDestination;
    }

    void implicitDestination(MacAddress mac) {
        this.implicitDestination = mac;
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        int headerLength = Ethernet.HEADER_LENGTH + Vlan.HEADER_LENGTH * tags.size();
        byte[] out = new byte[Math.max(minimumLength, headerLength + inner.length)];
        System.arraycopy(destination().bytes(), 0, out, 0, 6);
        System.arraycopy(source.bytes(), 0, out, 6, 6);
        int p = 12;
        for (int[] tag : tags) {
            Bytes.put16(out, p, tag[0]);
            Bytes.put16(out, p + 2, tag[1]);
            p += 4;
        }
        Bytes.put16(out, p, etherType >= 0 ? etherType : d.nextEtherType(index, EtherType.LOCAL_EXPERIMENTAL));
        System.arraycopy(inner, 0, out, headerLength, inner.length);
        return out;
    }
}
