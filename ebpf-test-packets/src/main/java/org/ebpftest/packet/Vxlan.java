package org.ebpftest.packet;

/** A VXLAN header (RFC 7348, UDP port 4789): flags and the 24-bit network identifier; an Ethernet frame follows. */
public final class Vxlan extends Layer {

    /** The IANA UDP destination port of VXLAN. */
    public static final int PORT = 4789;

    static final int HEADER_LENGTH = 8;

    private final int flags;
    private final int vni;

    Vxlan(byte[] frame, int offset) {
        super(offset, HEADER_LENGTH, false);
        this.flags = Bytes.u8(frame, offset);
        this.vni = Bytes.u24(frame, offset + 4);
    }

    @Override
    public String name() {
        return "VXLAN";
    }

    /** The flags byte; 0x08 (the I flag) when the VNI is valid. */
    public int flags() {
        return flags;
    }

    /** The VXLAN network identifier. */
    public int vni() {
        return vni;
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("flags", 0, 1).add("reserved", 1, 3).add("VNI", 4, 3).add("reserved", 7, 1);
    }

    @Override
    public String toString() {
        return "VXLAN vni " + vni;
    }
}
