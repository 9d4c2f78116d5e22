package org.ebpftest.packet;

/**
 * What IPv4 and IPv6 builders share: the headers that may follow an IP header, tunnels included.
 *
 * @param <B> the concrete builder
 */
public abstract class IpBuilder<B extends IpBuilder<B>> extends PacketBuilder<B> {

    IpBuilder(Draft draft) {
        super(draft);
    }

    /** The spec the next header follows: this IP header or its last extension header. */
    abstract Draft.Spec last();

    /** Adds a TCP header after this one. */
    public TcpBuilder tcp() {
        return new TcpBuilder(draft, last());
    }

    /** Adds a UDP header after this one. */
    public UdpBuilder udp() {
        return new UdpBuilder(draft, last());
    }

    /** Adds a GRE header after this one (protocol 47). */
    public GreBuilder gre() {
        return new GreBuilder(draft, last());
    }

    /** Encapsulates an inner IPv4 header (protocol 4, IPIP). */
    public Ipv4Builder ipv4() {
        return new Ipv4Builder(draft, last());
    }

    /** Same as {@link #ipv4()}: IPv4 in IP. */
    public Ipv4Builder ipip() {
        return ipv4();
    }

    /** Encapsulates an inner IPv6 header (protocol 41: 6in4 or 6in6). */
    public Ipv6Builder ipv6() {
        return new Ipv6Builder(draft, last());
    }

    /** Adds UDP to port 4789 (from port 49152) and a VXLAN header with this network identifier. */
    public VxlanBuilder vxlan(int vni) {
        return udp().vxlan(vni);
    }

    /** Adds UDP to port 6081 (from port 49152) and a GENEVE header with this network identifier. */
    public GeneveBuilder geneve(int vni) {
        return udp().geneve(vni);
    }
}
