package org.ebpftest.packet;

/** An Ethernet II header: destination and source MAC addresses and the EtherType. */
public final class Ethernet extends Layer {

    static final int HEADER_LENGTH = 14;

    private final MacAddress destination;
    private final MacAddress source;
    private final int etherType;

    Ethernet(byte[] frame, int offset) {
        super(offset, HEADER_LENGTH, false);
        this.destination = MacAddress.read(frame, offset);
        this.source = MacAddress.read(frame, offset + 6);
        this.etherType = Bytes.u16(frame, offset + 12);
    }

    @Override
    public String name() {
        return "Ethernet";
    }

    /** Destination MAC address. */
    public MacAddress destination() {
        return destination;
    }

    /** Source MAC address. */
    public MacAddress source() {
        return source;
    }

    /**
     * The type field as sent: the payload's EtherType, or a VLAN TPID such as {@code 0x8100} when a
     * tag follows, or an 802.3 length below {@code 0x0600}.
     */
    public int etherType() {
        return etherType;
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("destination", 0, 6).add("source", 6, 6).add("ethertype", 12, 2);
    }

    @Override
    public String toString() {
        return String.format("Ethernet %s > %s type 0x%04x", source, destination, etherType);
    }
}
