package org.ebpftest.packet;

/** Builds a VXLAN header (flags 0x08 and the VNI); an inner {@link #ethernet()} frame follows. */
public final class VxlanBuilder extends PacketBuilder<VxlanBuilder> {

    private final Draft.Spec spec;
    private final int vni;
    private int flags = 0x08;

    VxlanBuilder(Draft draft, Draft.Spec after, int vni) {
        super(draft);
        this.vni = Bytes.checkRange("VXLAN VNI", vni, 0xffffff);
        this.spec = draft.add(after, new Draft.Spec("vxlan", -1, -1, this::encode));
    }

    /** Overrides the flags byte (0x08, "VNI valid", by default). */
    public VxlanBuilder flags(int flags) {
        this.flags = u8("VXLAN flags", flags);
        return this;
    }

    /** Starts the inner Ethernet frame. */
    public EthernetBuilder ethernet() {
        return new EthernetBuilder(draft, spec);
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        byte[] out = new byte[Vxlan.HEADER_LENGTH + inner.length];
        out[0] = (byte) flags;
        Bytes.put24(out, 4, vni);
        System.arraycopy(inner, 0, out, Vxlan.HEADER_LENGTH, inner.length);
        return out;
    }
}
