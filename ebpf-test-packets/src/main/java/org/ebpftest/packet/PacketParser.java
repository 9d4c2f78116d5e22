package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a frame header by header. Every step first checks that its fixed header is inside the
 * current limit, so a short or lying frame ends the walk with a problem instead of an exception.
 *
 * <p>The limit starts at the frame end and shrinks to what IP total length, IPv6 payload length and
 * UDP length declare; bytes after the outermost IP datagram are the trailer (Ethernet padding).
 */
final class PacketParser {

    private enum Next { ETHERNET, VLAN, ARP, IPV4, IPV6, TCP, UDP, ICMP, ICMPV6, GRE, VXLAN, GENEVE }

    /** What checksums of the upper layers need from the innermost IP header. */
    private record IpContext(byte[] source, byte[] destination, boolean partial, boolean v6) {
    }

    private final byte[] frame;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private boolean truncated;
    private int pos;
    private int limit;
    private int trailerOffset = -1;
    private int pendingType;
    private IpContext ip;

    private PacketParser(byte[] frame) {
        this.frame = frame;
        this.limit = frame.length;
    }

    static Packet parseEthernet(byte[] frame) {
        return new PacketParser(frame).run(Next.ETHERNET);
    }

    static Packet parseIp(byte[] datagram) {
        PacketParser parser = new PacketParser(datagram);
        int version = datagram.length == 0 ? 0 : (datagram[0] & 0xff) >>> 4;
        if (version != 4 && version != 6) {
            parser.problems.add(datagram.length == 0 ? "empty datagram"
                    : "IP version " + version + " at offset 0 is neither 4 nor 6");
            parser.truncated = datagram.length == 0;
            return parser.run(null);
        }
        return parser.run(version == 4 ? Next.IPV4 : Next.IPV6);
    }

    private Packet run(Next first) {
        Next next = first;
        while (next != null) {
            next = step(next);
        }
        int payloadOffset = Math.min(pos, limit);
        return new Packet(frame, layers, payloadOffset, limit - payloadOffset,
                trailerOffset < 0 ? frame.length : Math.max(trailerOffset, limit), truncated, problems);
    }

    private Next step(Next next) {
        switch (next) {
            case ETHERNET:
                return ethernet();
            case VLAN:
                return vlan();
            case ARP:
                return arp();
            case IPV4:
                return ipv4();
            case IPV6:
                return ipv6();
            case TCP:
                return tcp();
            case UDP:
                return udp();
            case ICMP:
                return icmp(false);
            case ICMPV6:
                return icmp(true);
            case GRE:
                return gre();
            case VXLAN:
                return vxlan();
            default:
                return geneve();
        }
    }

    private boolean need(int bytes, String what) {
        if (limit - pos >= bytes) {
            return true;
        }
        truncated = true;
        problems.add(String.format("%s header truncated at offset %d: needs %d bytes but %d remain",
                what, pos, bytes, Math.max(0, limit - pos)));
        return false;
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(format, args));
    }

    private Next byEtherType(int type) {
        pendingType = type;
        if (EtherType.isVlanTag(type)) {
            return Next.VLAN;
        }
        switch (type) {
            case EtherType.IPV4:
                return Next.IPV4;
            case EtherType.IPV6:
                return Next.IPV6;
            case EtherType.ARP:
                return Next.ARP;
            default:
                return null;
        }
    }

    private Next byProtocol(int protocol) {
        switch (protocol) {
            case IpProtocol.ICMP:
                return Next.ICMP;
            case IpProtocol.TCP:
                return Next.TCP;
            case IpProtocol.UDP:
                return Next.UDP;
            case IpProtocol.ICMPV6:
                return Next.ICMPV6;
            case IpProtocol.IPIP:
                return Next.IPV4;
            case IpProtocol.IPV6:
                return Next.IPV6;
            case IpProtocol.GRE:
                return Next.GRE;
            default:
                return null;
        }
    }

    /** GRE and GENEVE name their payload by EtherType; tags are not expected there. */
    private Next byTunnelType(int type) {
        if (type == EtherType.TRANSPARENT_ETHERNET) {
            return Next.ETHERNET;
        }
        return type == EtherType.IPV4 ? Next.IPV4 : type == EtherType.IPV6 ? Next.IPV6 : null;
    }

    private Next ethernet() {
        if (!need(Ethernet.HEADER_LENGTH, "Ethernet")) {
            return null;
        }
        Ethernet e = new Ethernet(frame, pos);
        layers.add(e);
        pos += Ethernet.HEADER_LENGTH;
        return byEtherType(e.etherType());
    }

    private Next vlan() {
        if (!need(Vlan.HEADER_LENGTH, "VLAN tag")) {
            return null;
        }
        Vlan v = new Vlan(frame, pos, pendingType);
        layers.add(v);
        pos += Vlan.HEADER_LENGTH;
        return byEtherType(v.etherType());
    }

    private Next arp() {
        if (!need(Arp.FIXED_LENGTH, "ARP")) {
            return null;
        }
        Arp a = new Arp(frame, pos, limit - pos);
        layers.add(a);
        if (a.isTruncated()) {
            truncated = true;
            problem("ARP at offset %d truncated: addresses need %d bytes but %d remain", pos,
                    2 * (a.hardwareSize() + a.protocolSize()), limit - pos - Arp.FIXED_LENGTH);
        }
        pos += a.length();
        limit = pos;
        if (trailerOffset < 0) {
            trailerOffset = pos;
        }
        return null;
    }

    private Next ipv4() {
        if (!need(Ipv4.MIN_HEADER_LENGTH, "IPv4")) {
            return null;
        }
        int start = pos;
        int available = limit - start;
        int headerLength = (frame[start] & 0xf) * 4;
        int totalLength = Bytes.u16(frame, start + 2);
        if ((frame[start] & 0xff) >>> 4 != 4) {
            problem("IPv4 at offset %d: version field is %d", start, (frame[start] & 0xff) >>> 4);
        }
        if (headerLength < Ipv4.MIN_HEADER_LENGTH) {
            problem("IPv4 at offset %d: header length %d is below the minimum of 20", start, headerLength);
            layers.add(new Ipv4(frame, start, available, false));
            pos += Ipv4.MIN_HEADER_LENGTH;
            return null;
        }
        if (headerLength > available) {
            truncated = true;
            problem("IPv4 at offset %d truncated: header length %d but %d bytes remain", start, headerLength, available);
            layers.add(new Ipv4(frame, start, available, true));
            pos = limit;
            return null;
        }
        if (totalLength < headerLength) {
            problem("IPv4 at offset %d: total length %d is less than the header length %d", start, totalLength,
                    headerLength);
            layers.add(new Ipv4(frame, start, available, false));
            pos += headerLength;
            return null;
        }
        boolean cut = totalLength > available;
        if (cut) {
            truncated = true;
            problem("IPv4 at offset %d truncated: total length %d but %d bytes remain", start, totalLength, available);
        }
        Ipv4 v4 = new Ipv4(frame, start, available, cut);
        layers.add(v4);
        enterDatagram(cut ? limit : start + totalLength);
        ip = new IpContext(v4.source().bytes(), v4.destination().bytes(), cut || v4.isFragment(), false);
        pos += headerLength;
        if (v4.fragmentOffset() != 0) {
            return null;
        }
        return byProtocol(v4.protocol());
    }

    private void enterDatagram(int end) {
        limit = end;
        if (trailerOffset < 0) {
            trailerOffset = end;
        }
    }

    private Next ipv6() {
        if (!need(Ipv6.HEADER_LENGTH, "IPv6")) {
            return null;
        }
        int start = pos;
        if ((frame[start] & 0xff) >>> 4 != 6) {
            problem("IPv6 at offset %d: version field is %d", start, (frame[start] & 0xff) >>> 4);
        }
        int declaredEnd = start + Ipv6.HEADER_LENGTH + Bytes.u16(frame, start + 4);
        boolean cut = declaredEnd > limit;
        if (cut) {
            truncated = true;
            problem("IPv6 at offset %d truncated: payload length %d but %d bytes remain", start,
                    Bytes.u16(frame, start + 4), limit - start - Ipv6.HEADER_LENGTH);
        }
        int end = Math.min(declaredEnd, limit);
        List<Ipv6Extension> extensions = new ArrayList<>();
        int p = start + Ipv6.HEADER_LENGTH;
        int nextHeader = Bytes.u8(frame, start + 6);
        boolean fragment = false;
        boolean stop = false;
        while (!stop && IpProtocol.isIpv6Extension(nextHeader)) {
            if (end - p < Ipv6Extension.MIN_LENGTH) {
                truncated = true;
                problem("IPv6 extension header %d truncated at offset %d: needs 8 bytes but %d remain", nextHeader,
                        p, end - p);
                stop = true;
                break;
            }
            int declared = Ipv6Extension.declaredLength(frame, p, nextHeader);
            if (declared > end - p) {
                truncated = true;
                Ipv6Extension partial = new Ipv6Extension(frame, p, nextHeader, end - p, true);
                problem("%s header at offset %d truncated: length %d but %d bytes remain", partial.name(), p,
                        declared, end - p);
                extensions.add(partial);
                p = end;
                stop = true;
                break;
            }
            Ipv6Extension ext = new Ipv6Extension(frame, p, nextHeader, declared, false);
            extensions.add(ext);
            p += declared;
            nextHeader = ext.nextHeader();
            if (ext.type() == IpProtocol.FRAGMENT) {
                fragment = true;
                // Only the first fragment starts with the upper-layer header.
                stop = ext.fragmentOffset() != 0;
            }
        }
        Ipv6 v6 = new Ipv6(frame, start, cut, extensions, nextHeader);
        layers.add(v6);
        layers.addAll(extensions);
        enterDatagram(end);
        ip = new IpContext(v6.source().bytes(), v6.destination().bytes(), cut || fragment, true);
        pos = p;
        return stop ? null : byProtocol(nextHeader);
    }

    private Checked transportChecksum(int protocol, int offset, int length, int checksumOffset) {
        int computed = InternetChecksum.transportChecksum(ip.source(), ip.destination(), protocol, frame, offset,
                length, checksumOffset);
        int pseudo = InternetChecksum.pseudoHeaderSum(ip.source(), ip.destination(), protocol, length);
        return Checked.of(computed, InternetChecksum.sum(pseudo, frame, offset, length) == 0xffff);
    }

    private Next tcp() {
        if (!need(Tcp.MIN_HEADER_LENGTH, "TCP")) {
            return null;
        }
        int available = limit - pos;
        int headerLength = (Bytes.u8(frame, pos + 12) >>> 4) * 4;
        if (headerLength < Tcp.MIN_HEADER_LENGTH) {
            problem("TCP at offset %d: data offset %d is below the minimum of 5", pos, headerLength / 4);
        }
        boolean cut = headerLength > available;
        if (cut) {
            truncated = true;
            problem("TCP at offset %d truncated: header length %d but %d bytes remain", pos, headerLength, available);
        }
        Checked checked = ip.partial() || cut ? Checked.UNVERIFIABLE
                : transportChecksum(IpProtocol.TCP, pos, available, pos + 16);
        Tcp t = new Tcp(frame, pos, available, cut, checked, problems);
        layers.add(t);
        pos += t.length();
        return null;
    }

    private Next udp() {
        if (!need(Udp.HEADER_LENGTH, "UDP")) {
            return null;
        }
        int available = limit - pos;
        int length = Bytes.u16(frame, pos + 4);
        int checksum = Bytes.u16(frame, pos + 6);
        if (length < Udp.HEADER_LENGTH) {
            problem("UDP at offset %d: length %d is below the header size 8", pos, length);
            layers.add(new Udp(frame, pos, false, Checked.UNVERIFIABLE));
            pos += Udp.HEADER_LENGTH;
            return null;
        }
        boolean cut = length > available;
        if (cut) {
            truncated = true;
            problem("UDP at offset %d truncated: length %d but %d bytes remain", pos, length, available);
        }
        Checked checked;
        if (checksum == 0 && !ip.v6()) {
            checked = Checked.ABSENT;
        } else if (ip.partial() || cut) {
            checked = Checked.UNVERIFIABLE;
        } else {
            checked = transportChecksum(IpProtocol.UDP, pos, length, pos + 6);
        }
        Udp u = new Udp(frame, pos, cut, checked);
        layers.add(u);
        limit = cut ? limit : pos + length;
        pos += Udp.HEADER_LENGTH;
        if (u.destinationPort() == Vxlan.PORT) {
            return Next.VXLAN;
        }
        return u.destinationPort() == Geneve.PORT ? Next.GENEVE : null;
    }

    private Next icmp(boolean v6) {
        if (!need(Icmp.HEADER_LENGTH, v6 ? "ICMPv6" : "ICMP")) {
            return null;
        }
        int length = limit - pos;
        Checked checked;
        if (ip.partial()) {
            checked = Checked.UNVERIFIABLE;
        } else if (v6) {
            checked = transportChecksum(IpProtocol.ICMPV6, pos, length, pos + 2);
        } else {
            checked = Checked.of(InternetChecksum.checksumSkipping(0, frame, pos, length, pos + 2),
                    InternetChecksum.verifies(frame, pos, length));
        }
        layers.add(v6 ? new Icmpv6(frame, pos, false, checked) : new Icmp(frame, pos, false, checked));
        pos += Icmp.HEADER_LENGTH;
        return null;
    }

    private Next gre() {
        if (!need(Gre.MIN_HEADER_LENGTH, "GRE")) {
            return null;
        }
        int flags = Bytes.u16(frame, pos);
        int declared = Gre.declaredLength(flags);
        int available = limit - pos;
        boolean cut = declared > available;
        Checked checked;
        if ((flags & Gre.FLAG_CHECKSUM) == 0) {
            checked = Checked.ABSENT;
        } else if (cut || ip.partial()) {
            checked = Checked.UNVERIFIABLE;
        } else {
            checked = Checked.of(InternetChecksum.checksumSkipping(0, frame, pos, available, pos + 4),
                    InternetChecksum.verifies(frame, pos, available));
        }
        Gre g = new Gre(frame, pos, available, cut, checked);
        layers.add(g);
        if (cut) {
            truncated = true;
            problem("GRE at offset %d truncated: header length %d but %d bytes remain", pos, declared, available);
            pos = limit;
            return null;
        }
        pos += declared;
        if (g.version() != 0 || (flags & Gre.FLAG_ROUTING) != 0) {
            problem("GRE at offset %d: version %d%s is not parsed further", g.offset(), g.version(),
                    (flags & Gre.FLAG_ROUTING) != 0 ? " with routing" : "");
            return null;
        }
        return byTunnelType(g.protocolType());
    }

    private Next vxlan() {
        if (!need(Vxlan.HEADER_LENGTH, "VXLAN")) {
            return null;
        }
        layers.add(new Vxlan(frame, pos));
        pos += Vxlan.HEADER_LENGTH;
        return Next.ETHERNET;
    }

    private Next geneve() {
        if (!need(Geneve.MIN_HEADER_LENGTH, "GENEVE")) {
            return null;
        }
        Geneve g = new Geneve(frame, pos, limit - pos, problems);
        layers.add(g);
        if (g.isTruncated()) {
            truncated = true;
            problem("GENEVE at offset %d truncated: options need %d bytes but %d remain", pos, g.optionsLength(),
                    limit - pos - Geneve.MIN_HEADER_LENGTH);
            pos = limit;
            return null;
        }
        pos += g.length();
        return g.version() == 0 ? byTunnelType(g.protocolType()) : null;
    }
}
