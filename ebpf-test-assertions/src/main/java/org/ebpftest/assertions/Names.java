package org.ebpftest.assertions;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.ebpftest.packet.EtherType;
import org.ebpftest.packet.Icmp;
import org.ebpftest.packet.Icmpv6;
import org.ebpftest.packet.IpProtocol;
import org.ebpftest.packet.TcpFlag;

/** Renders header values for failure messages: numbers with the symbolic name a reader looks for. */
final class Names {

    static final int MAX_SHOWN_BYTES = 32;

    private Names() {
    }

    /** {@code 0x0800 (IPv4)}, or just the hex for a type without a name here. */
    static String etherType(int type) {
        String name;
        switch (type) {
            case EtherType.IPV4: name = "IPv4"; break;
            case EtherType.ARP: name = "ARP"; break;
            case EtherType.VLAN: name = "802.1Q"; break;
            case EtherType.QINQ: name = "802.1ad"; break;
            case EtherType.QINQ_LEGACY: name = "QinQ"; break;
            case EtherType.IPV6: name = "IPv6"; break;
            case EtherType.TRANSPARENT_ETHERNET: name = "Ethernet"; break;
            default: name = null;
        }
        return hex16(type) + (name == null ? "" : " (" + name + ")");
    }

    /** {@code 6 (TCP)}, or just the number. */
    static String ipProtocol(int protocol) {
        String name;
        switch (protocol) {
            case IpProtocol.HOP_BY_HOP: name = "hop-by-hop"; break;
            case IpProtocol.ICMP: name = "ICMP"; break;
            case IpProtocol.IPIP: name = "IPIP"; break;
            case IpProtocol.TCP: name = "TCP"; break;
            case IpProtocol.UDP: name = "UDP"; break;
            case IpProtocol.IPV6: name = "IPv6"; break;
            case IpProtocol.ROUTING: name = "routing"; break;
            case IpProtocol.FRAGMENT: name = "fragment"; break;
            case IpProtocol.GRE: name = "GRE"; break;
            case IpProtocol.ICMPV6: name = "ICMPv6"; break;
            case IpProtocol.NO_NEXT_HEADER: name = "no next header"; break;
            case IpProtocol.DESTINATION_OPTIONS: name = "destination options"; break;
            default: name = null;
        }
        return protocol + (name == null ? "" : " (" + name + ")");
    }

    /** {@code 8 (echo request)}, or just the number. */
    static String icmpType(int type) {
        switch (type) {
            case Icmp.ECHO_REPLY: return type + " (echo reply)";
            case Icmp.DESTINATION_UNREACHABLE: return type + " (destination unreachable)";
            case Icmp.ECHO_REQUEST: return type + " (echo request)";
            case Icmp.TIME_EXCEEDED: return type + " (time exceeded)";
            default: return String.valueOf(type);
        }
    }

    /** {@code 128 (echo request)}, or just the number. */
    static String icmpv6Type(int type) {
        switch (type) {
            case Icmpv6.DESTINATION_UNREACHABLE: return type + " (destination unreachable)";
            case Icmpv6.TIME_EXCEEDED: return type + " (time exceeded)";
            case Icmpv6.ECHO_REQUEST: return type + " (echo request)";
            case Icmpv6.ECHO_REPLY: return type + " (echo reply)";
            case Icmpv6.NEIGHBOR_SOLICITATION: return type + " (neighbor solicitation)";
            case Icmpv6.NEIGHBOR_ADVERTISEMENT: return type + " (neighbor advertisement)";
            default: return String.valueOf(type);
        }
    }

    /** {@code [SYN, ACK]} in the order of the flag bits. */
    static String flags(Collection<TcpFlag> flags) {
        Set<TcpFlag> sorted = TcpFlag.fromBits(TcpFlag.toBits(Set.copyOf(flags)));
        return sorted.stream().map(Enum::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code 0x266d}: four hex digits. */
    static String hex16(int value) {
        return String.format("0x%04x", value);
    }

    /** {@code "hello" (5 bytes)} when every byte is printable ASCII, else {@code 0x68656c (3 bytes)}. */
    static String bytes(byte[] value) {
        boolean printable = value.length > 0;
        for (byte b : value) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        String count = " (" + value.length + (value.length == 1 ? " byte)" : " bytes)");
        if (printable) {
            String text = new String(value, 0, Math.min(value.length, MAX_SHOWN_BYTES), StandardCharsets.US_ASCII);
            return "\"" + text + (value.length > MAX_SHOWN_BYTES ? "\"..." : "\"") + count;
        }
        return hex(value) + count;
    }

    /** {@code 0x68656c}, cut after {@link #MAX_SHOWN_BYTES} bytes; {@code empty} for no bytes. */
    static String hex(byte[] value) {
        if (value.length == 0) {
            return "empty";
        }
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < Math.min(value.length, MAX_SHOWN_BYTES); i++) {
            sb.append(String.format("%02x", value[i] & 0xff));
        }
        return value.length > MAX_SHOWN_BYTES ? sb.append("...").toString() : sb.toString();
    }

    /** Indents every line of {@code text} by two spaces. */
    static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
