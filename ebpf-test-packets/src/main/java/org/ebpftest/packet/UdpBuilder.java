package org.ebpftest.packet;

/**
 * Builds a UDP header; see {@link Packets}.
 *
 * <p>Defaults: ports 0 (or 49152 to 4789/6081 when a VXLAN or GENEVE header follows). Length and
 * checksum are computed unless overridden; {@link #noChecksum()} sends zero, "no checksum" over IPv4.
 */
public final class UdpBuilder extends PacketBuilder<UdpBuilder> {

    /** Source port used for tunnels when none is set, the first dynamic port. */
    static final int TUNNEL_SOURCE_PORT = 49152;

    private final Draft.Spec spec;
    private int sourcePort = -1;
    private int destinationPort = -1;
    private int length = -1;
    private int checksum = -1;

    UdpBuilder(Draft draft, Draft.Spec after) {
        super(draft);
        this.spec = draft.add(after, new Draft.Spec("udp", -1, IpProtocol.UDP, this::encode));
    }

    /** Sets the source port. */
    public UdpBuilder sourcePort(int port) {
        this.sourcePort = u16("UDP source port", port);
        return this;
    }

    /** Sets the destination port. */
    public UdpBuilder destinationPort(int port) {
        this.destinationPort = u16("UDP destination port", port);
        return this;
    }

    /** Overrides the length field. */
    public UdpBuilder length(int length) {
        this.length = u16("UDP length", length);
        return this;
    }

    /** Overrides the checksum, for example to build a datagram with a bad one. */
    public UdpBuilder checksum(int checksum) {
        this.checksum = u16("UDP checksum", checksum);
        return this;
    }

    /** Sends checksum 0, which over IPv4 means the sender computed none. */
    public UdpBuilder noChecksum() {
        return checksum(0);
    }

    /** Adds a VXLAN header with this network identifier; ports default to 49152 and 4789. */
    public VxlanBuilder vxlan(int vni) {
        tunnelPorts(Vxlan.PORT);
        return new VxlanBuilder(draft, spec, vni);
    }

    /** Adds a GENEVE header with this network identifier; ports default to 49152 and 6081. */
    public GeneveBuilder geneve(int vni) {
        tunnelPorts(Geneve.PORT);
        return new GeneveBuilder(draft, spec, vni);
    }

    private void tunnelPorts(int port) {
        if (sourcePort < 0) {
            sourcePort = TUNNEL_SOURCE_PORT;
        }
        if (destinationPort < 0) {
            destinationPort = port;
        }
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        int total = Udp.HEADER_LENGTH + inner.length;
        if (length < 0 && total > 0xffff) {
            throw new IllegalArgumentException("UDP datagram of " + total + " bytes exceeds the 65535 its length can say");
        }
        byte[] out = new byte[total];
        Bytes.put16(out, 0, Math.max(0, sourcePort));
        Bytes.put16(out, 2, Math.max(0, destinationPort));
        Bytes.put16(out, 4, length >= 0 ? length : total);
        System.arraycopy(inner, 0, out, Udp.HEADER_LENGTH, inner.length);
        Bytes.put16(out, 6, checksum >= 0 ? checksum : d.transportChecksum(index, IpProtocol.UDP, out, 6));
        return out;
    }
}
