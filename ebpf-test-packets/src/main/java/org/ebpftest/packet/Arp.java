package org.ebpftest.packet;

/**
 * An ARP packet (RFC 826). Typed address accessors apply to the usual Ethernet/IPv4 form; other
 * hardware or protocol sizes are available as raw bytes.
 */
public final class Arp extends Layer {

    /** Operation code of a request. */
    public static final int REQUEST = 1;
    /** Operation code of a reply. */
    public static final int REPLY = 2;

    static final int FIXED_LENGTH = 8;

    private final int hardwareType;
    private final int protocolType;
    private final int hardwareSize;
    private final int protocolSize;
    private final int operation;
    private final byte[] senderHardware;
    private final byte[] senderProtocol;
    private final byte[] targetHardware;
    private final byte[] targetProtocol;

    Arp(byte[] frame, int offset, int available) {
        super(offset, Math.min(available, declaredLength(frame, offset)), available < declaredLength(frame, offset));
        this.hardwareType = Bytes.u16(frame, offset);
        this.protocolType = Bytes.u16(frame, offset + 2);
        this.hardwareSize = Bytes.u8(frame, offset + 4);
        this.protocolSize = Bytes.u8(frame, offset + 5);
        this.operation = Bytes.u16(frame, offset + 6);
        int p = offset + FIXED_LENGTH;
        int end = offset + length();
        this.senderHardware = slice(frame, p, hardwareSize, end);
        this.senderProtocol = slice(frame, p + hardwareSize, protocolSize, end);
        this.targetHardware = slice(frame, p + hardwareSize + protocolSize, hardwareSize, end);
        this.targetProtocol = slice(frame, p + 2 * hardwareSize + protocolSize, protocolSize, end);
    }

    /** Fixed part plus two hardware and two protocol addresses of the sizes the header gives. */
    static int declaredLength(byte[] frame, int offset) {
        return FIXED_LENGTH + 2 * Bytes.u8(frame, offset + 4) + 2 * Bytes.u8(frame, offset + 5);
    }

    private static byte[] slice(byte[] frame, int from, int length, int end) {
        return from + length <= end ? Bytes.copy(frame, from, length) : new byte[0];
    }

    @Override
    public String name() {
        return "ARP";
    }

    /** Hardware type, 1 for Ethernet. */
    public int hardwareType() {
        return hardwareType;
    }

    /** Protocol type as an EtherType, 0x0800 for IPv4. */
    public int protocolType() {
        return protocolType;
    }

    /** Length of a hardware address in bytes, 6 for Ethernet. */
    public int hardwareSize() {
        return hardwareSize;
    }

    /** Length of a protocol address in bytes, 4 for IPv4. */
    public int protocolSize() {
        return protocolSize;
    }

    /** Operation: {@link #REQUEST} or {@link #REPLY}. */
    public int operation() {
        return operation;
    }

    /** Whether this is a request. */
    public boolean isRequest() {
        return operation == REQUEST;
    }

    /** Whether this is a reply. */
    public boolean isReply() {
        return operation == REPLY;
    }

    /** Sender hardware address bytes (empty if truncated). */
    public byte[] senderHardwareAddress() {
        return senderHardware.clone();
    }

    /** Sender protocol address bytes (empty if truncated). */
    public byte[] senderProtocolAddress() {
        return senderProtocol.clone();
    }

    /** Target hardware address bytes (empty if truncated). */
    public byte[] targetHardwareAddress() {
        return targetHardware.clone();
    }

    /** Target protocol address bytes (empty if truncated). */
    public byte[] targetProtocolAddress() {
        return targetProtocol.clone();
    }

    /** Sender MAC address; requires 6-byte hardware addresses. */
    public MacAddress senderMac() {
        return mac(senderHardware, "sender");
    }

    /** Target MAC address; requires 6-byte hardware addresses. */
    public MacAddress targetMac() {
        return mac(targetHardware, "target");
    }

    /** Sender IP address; requires 4- or 16-byte protocol addresses. */
    public IpAddress senderIp() {
        return ip(senderProtocol, "sender");
    }

    /** Target IP address; requires 4- or 16-byte protocol addresses. */
    public IpAddress targetIp() {
        return ip(targetProtocol, "target");
    }

    private MacAddress mac(byte[] b, String which) {
        if (b.length != 6) {
            throw new IllegalStateException("ARP " + which + " hardware address has " + b.length
                    + " bytes, not the 6 of a MAC address (hardware size " + hardwareSize + ", truncated " + isTruncated() + ")");
        }
        return MacAddress.of(b);
    }

    private IpAddress ip(byte[] b, String which) {
        if (b.length != 4 && b.length != 16) {
            throw new IllegalStateException("ARP " + which + " protocol address has " + b.length
                    + " bytes, not an IP address (protocol size " + protocolSize + ", truncated " + isTruncated() + ")");
        }
        return IpAddress.of(b);
    }

    @Override
    void describeFields(Fields fields) {
        boolean usual = hardwareSize == 6 && protocolSize == 4;
        int h = hardwareSize;
        int p = protocolSize;
        fields.add("hardware type", 0, 2).add("protocol type", 2, 2).add("hardware size", 4, 1)
                .add("protocol size", 5, 1).add("operation", 6, 2)
                .add(usual ? "sender MAC" : "sender hardware address", 8, h)
                .add(usual ? "sender IP" : "sender protocol address", 8 + h, p)
                .add(usual ? "target MAC" : "target hardware address", 8 + h + p, h)
                .add(usual ? "target IP" : "target protocol address", 8 + 2 * h + p, p);
    }

    @Override
    public String toString() {
        String op = operation == REQUEST ? "request" : operation == REPLY ? "reply" : "operation " + operation;
        if (hardwareSize == 6 && protocolSize == 4 && !isTruncated()) {
            return "ARP " + op + " " + senderIp() + " (" + senderMac() + ") -> " + targetIp() + " (" + targetMac() + ")";
        }
        return "ARP " + op;
    }
}
