package org.ebpftest.packet;

/**
 * An IEEE 802.1Q or 802.1ad (QinQ) VLAN tag: priority, drop eligibility, VLAN id and the EtherType
 * that follows.
 *
 * <p>As on the wire, the tag's TPID is the type field of the header before it, so this layer
 * covers the four bytes after it: the tag control information and the next EtherType.
 */
public final class Vlan extends Layer {

    static final int HEADER_LENGTH = 4;

    private final int tpid;
    private final int tci;
    private final int etherType;

    Vlan(byte[] frame, int offset, int tpid) {
        super(offset, HEADER_LENGTH, false);
        this.tpid = tpid;
        this.tci = Bytes.u16(frame, offset);
        this.etherType = Bytes.u16(frame, offset + 2);
    }

    /** {@code 802.1Q} for a customer tag (TPID 0x8100), {@code 802.1ad} for a service tag. */
    @Override
    public String name() {
        return tpid == EtherType.VLAN ? "802.1Q" : "802.1ad";
    }

    /** The tag protocol identifier that announced this tag: 0x8100, 0x88a8 or 0x9100. */
    public int tpid() {
        return tpid;
    }

    /** The 12-bit VLAN identifier. */
    public int id() {
        return tci & 0xfff;
    }

    /** The 3-bit priority code point. */
    public int priority() {
        return tci >>> 13;
    }

    /** The drop eligible indicator bit. */
    public boolean dropEligible() {
        return (tci & 0x1000) != 0;
    }

    /** The EtherType after this tag: the payload's, or another tag's TPID. */
    public int etherType() {
        return etherType;
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("tag control (priority, DEI, VLAN id)", 0, 2).add("ethertype", 2, 2);
    }

    @Override
    public String toString() {
        return String.format("%s vlan %d priority %d type 0x%04x", name(), id(), priority(), etherType);
    }
}
