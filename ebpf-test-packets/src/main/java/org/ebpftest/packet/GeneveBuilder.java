package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a GENEVE header with optional TLV options; the protocol type follows the inner header
 * ({@link #ethernet()}, {@link #ipv4()} or {@link #ipv6()}) unless overridden.
 */
public final class GeneveBuilder extends PacketBuilder<GeneveBuilder> {

    private final Draft.Spec spec;
    private final int vni;
    private final List<Geneve.Option> options = new ArrayList<>();
    private boolean controlPacket;
    private boolean critical;
    private int protocolType = -1;

    GeneveBuilder(Draft draft, Draft.Spec after, int vni) {
        super(draft);
        this.vni = Bytes.checkRange("GENEVE VNI", vni, 0xffffff);
        this.spec = draft.add(after, new Draft.Spec("geneve", -1, -1, this::encode));
    }

    /** Appends an option TLV; {@code data} must be a multiple of 4 bytes. */
    public GeneveBuilder option(int optionClass, int type, byte[] data) {
        options.add(new Geneve.Option(optionClass, type, data));
        return this;
    }

    /** Sets the O bit (control packet). */
    public GeneveBuilder controlPacket(boolean controlPacket) {
        this.controlPacket = controlPacket;
        return this;
    }

    /** Sets the C bit (critical options present). */
    public GeneveBuilder critical(boolean critical) {
        this.critical = critical;
        return this;
    }

    /** Overrides the protocol type. */
    public GeneveBuilder protocolType(int protocolType) {
        this.protocolType = u16("GENEVE protocol type", protocolType);
        return this;
    }

    /** Carries an Ethernet frame (protocol type 0x6558). */
    public EthernetBuilder ethernet() {
        return new EthernetBuilder(draft, spec);
    }

    /** Carries an IPv4 datagram. */
    public Ipv4Builder ipv4() {
        return new Ipv4Builder(draft, spec);
    }

    /** Carries an IPv6 datagram. */
    public Ipv6Builder ipv6() {
        return new Ipv6Builder(draft, spec);
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        int optionsLength = 0;
        for (Geneve.Option o : options) {
            optionsLength += 4 + o.data().length;
        }
        if (optionsLength > 63 * 4) {
            throw new IllegalArgumentException("GENEVE options take " + optionsLength + " bytes but at most 252 fit");
        }
        int headerLength = Geneve.MIN_HEADER_LENGTH + optionsLength;
        byte[] out = new byte[headerLength + inner.length];
        out[0] = (byte) (optionsLength / 4);
        out[1] = (byte) ((controlPacket ? 0x80 : 0) | (critical ? 0x40 : 0));
        Bytes.put16(out, 2, protocolType >= 0 ? protocolType : d.nextEtherType(index, EtherType.LOCAL_EXPERIMENTAL));
        Bytes.put24(out, 4, vni);
        int p = Geneve.MIN_HEADER_LENGTH;
        for (Geneve.Option o : options) {
            byte[] data = o.data();
            Bytes.put16(out, p, o.optionClass());
            out[p + 2] = (byte) o.type();
            out[p + 3] = (byte) (data.length / 4);
            System.arraycopy(data, 0, out, p + 4, data.length);
            p += 4 + data.length;
        }
        System.arraycopy(inner, 0, out, headerLength, inner.length);
        return out;
    }
}
