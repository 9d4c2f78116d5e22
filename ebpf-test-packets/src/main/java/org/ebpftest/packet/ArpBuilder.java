package org.ebpftest.packet;

/**
 * Builds an Ethernet/IPv4 ARP packet; see {@link Packets}.
 *
 * <p>Defaults: a request from the Ethernet source MAC and 192.0.2.1 for 192.0.2.2, target MAC zero;
 * the Ethernet destination defaults to broadcast for requests. For a reply the target MAC defaults
 * to the Ethernet destination.
 */
public final class ArpBuilder extends PacketBuilder<ArpBuilder> {

    private final EthernetBuilder ethernet;
    private int operation;
    private MacAddress senderMac;
    private IpAddress senderIp = IpAddress.of("192.0.2.1");
    private MacAddress targetMac;
    private IpAddress targetIp = IpAddress.of("192.0.2.2");

    ArpBuilder(Draft draft, Draft.Spec after, EthernetBuilder ethernet) {
        super(draft);
        this.ethernet = ethernet;
        draft.add(after, new Draft.Spec("arp", EtherType.ARP, -1, this::encode));
        request();
    }

    /** Makes this a request (operation 1), sent to broadcast unless the Ethernet destination is set. */
    public ArpBuilder request() {
        this.operation = Arp.REQUEST;
        ethernet.implicitDestination(MacAddress.BROADCAST);
        return this;
    }

    /** Makes this a reply (operation 2). */
    public ArpBuilder reply() {
        this.operation = Arp.REPLY;
        ethernet.implicitDestination(EthernetBuilder.DEFAULT_DESTINATION);
        return this;
    }

    /** Sets any operation code. */
    public ArpBuilder operation(int operation) {
        this.operation = u16("ARP operation", operation);
        return this;
    }

    /** Sets the sender MAC address (default: the Ethernet source). */
    public ArpBuilder senderMac(String mac) {
        this.senderMac = MacAddress.of(mac);
        return this;
    }

    /** Sets the sender IPv4 address. */
    public ArpBuilder senderIp(String address) {
        this.senderIp = ipv4Address("ARP sender", IpAddress.of(address));
        return this;
    }

    /** Sets the target MAC address (default: zero for a request, the Ethernet destination for a reply). */
    public ArpBuilder targetMac(String mac) {
        this.targetMac = MacAddress.of(mac);
        return this;
    }

    /** Sets the target IPv4 address. */
    public ArpBuilder targetIp(String address) {
        this.targetIp = ipv4Address("ARP target", IpAddress.of(address));
        return this;
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        MacAddress tha = targetMac != null ? targetMac
                : operation == Arp.REQUEST ? MacAddress.ZERO : ethernet.destination();
        byte[] out = new byte[28 + inner.length];
        Bytes.put16(out, 0, 1);
        Bytes.put16(out, 2, EtherType.IPV4);
        out[4] = 6;
        out[5] = 4;
        Bytes.put16(out, 6, operation);
        System.arraycopy((senderMac != null ? senderMac : ethernet.source()).bytes(), 0, out, 8, 6);
        System.arraycopy(senderIp.bytes(), 0, out, 14, 4);
        System.arraycopy(tha.bytes(), 0, out, 18, 6);
        System.arraycopy(targetIp.bytes(), 0, out, 24, 4);
        System.arraycopy(inner, 0, out, 28, inner.length);
        return out;
    }
}
