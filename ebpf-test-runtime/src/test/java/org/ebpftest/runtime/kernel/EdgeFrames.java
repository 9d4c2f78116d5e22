package org.ebpftest.runtime.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ethernet frames that reach the corners of packet parsers and of test_run itself: IPv6 and UDP,
 * ICMP, ARP, VLAN and QinQ tags, IPv4 options and fragments, IPv6 extension headers, tunnels
 * (GRE, IPIP, VXLAN), a bare Ethernet header, headers cut short, an 802.3 length field, and frames
 * of 1514 and 9014 bytes (the second becomes a multi-buffer XDP frame). Checksums are right
 * unless the frame is meant to be malformed.
 */
final class EdgeFrames {
    static final byte[] MAC_DST = {2, 0, 0, 0, 0, 2};
    static final byte[] MAC_SRC = {2, 0, 0, 0, 0, 1};
    static final byte[] IP4_SRC = {10, 0, 0, 1};
    static final byte[] IP4_DST = {10, 0, 0, 2};
    static final byte[] IP6_SRC = ip6Address(1);
    static final byte[] IP6_DST = ip6Address(2);

    private EdgeFrames() {
    }

    private static byte[] ip6Address(int last) {
        byte[] a = new byte[16];
        a[0] = (byte) 0xfd;
        a[15] = (byte) last;
        return a;
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] eth(int type) {
        return cat(MAC_DST, MAC_SRC, new byte[] {(byte) (type >> 8), (byte) type});
    }

    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }

    /** An IPv4 header (with options, a multiple of 4 bytes) and its payload. */
    static byte[] ip4(int protocol, byte[] payload, int fragment, byte[] options) {
        int ihl = 5 + options.length / 4;
        ByteBuffer h = ByteBuffer.allocate(4 * ihl);
        h.put((byte) (0x40 | ihl)).put((byte) 0).putShort((short) (4 * ihl + payload.length)).putShort((short) 1).putShort((short) fragment)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).put(IP4_SRC).put(IP4_DST).put(options);
        byte[] header = h.array();
        int sum = checksum(header);
        header[10] = (byte) (sum >> 8);
        header[11] = (byte) sum;
        return cat(header, payload);
    }

    static byte[] ip4(int protocol, byte[] payload) {
        return ip4(protocol, payload, 0x4000, new byte[0]);
    }

    static byte[] ip6(int next, byte[] payload) {
        ByteBuffer h = ByteBuffer.allocate(40);
        h.putInt(0x60000000).putShort((short) payload.length).put((byte) next).put((byte) 64).put(IP6_SRC).put(IP6_DST);
        return cat(h.array(), payload);
    }

    /** A transport segment with its checksum over the pseudo-header of the given addresses. */
    private static byte[] transport(byte[] segment, int checksumAt, int protocol, boolean v6) {
        ByteBuffer pseudo = ByteBuffer.allocate(v6 ? 40 : 12);
        if (v6) {
            pseudo.put(IP6_SRC).put(IP6_DST).putInt(segment.length).putInt(protocol);
        } else {
            pseudo.put(IP4_SRC).put(IP4_DST).put((byte) 0).put((byte) protocol).putShort((short) segment.length);
        }
        int sum = checksum(cat(pseudo.array(), segment));
        segment[checksumAt] = (byte) (sum >> 8);
        segment[checksumAt + 1] = (byte) sum;
        return segment;
    }

    static byte[] tcp(int sport, int dport, int flags, byte[] payload, boolean v6) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(flags == 0x02 ? 0 : 1).put((byte) 0x50).put((byte) flags)
                .putShort((short) 64240).putInt(0).put(payload);
        return transport(t.array(), 16, 6, v6);
    }

    static byte[] udp(int sport, int dport, byte[] payload, boolean v6) {
        ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
        u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return transport(u.array(), 6, 17, v6);
    }

    private static byte[] filler(int n, int step) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * step);
        }
        return b;
    }

    /** The frames by name, in a fixed order. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        byte[] syn4 = cat(eth(0x0800), ip4(6, tcp(40000, 22, 0x02, new byte[0], false)));
        f.put("ipv4 tcp syn", syn4);
        f.put("ipv6 tcp syn", cat(eth(0x86dd), ip6(6, tcp(40000, 22, 0x02, new byte[0], true))));
        f.put("ipv4 udp", cat(eth(0x0800), ip4(17, udp(5353, 53, "dns?".getBytes(), false))));
        f.put("ipv6 udp", cat(eth(0x86dd), ip6(17, udp(5000, 4242, "over ipv6".getBytes(), true))));
        byte[] echo = cat(new byte[] {8, 0, 0, 0, 0, 0x77, 0, 1}, "abcdefgh".getBytes());
        int sum = checksum(echo);
        echo[2] = (byte) (sum >> 8);
        echo[3] = (byte) sum;
        f.put("icmp echo", cat(eth(0x0800), ip4(1, echo)));
        f.put("icmpv6 echo", cat(eth(0x86dd), ip6(58, transport(cat(new byte[] {(byte) 128, 0, 0, 0, 0, 0x77, 0, 1}, "abcdefgh".getBytes()), 2, 58, true))));
        byte[] arp = cat(new byte[] {0, 1, 8, 0, 6, 4, 0, 1}, MAC_SRC, IP4_SRC, new byte[6], IP4_DST, new byte[18]);
        f.put("arp request", cat(new byte[] {-1, -1, -1, -1, -1, -1}, MAC_SRC, new byte[] {8, 6}, arp));
        f.put("802.1q ipv4 tcp", cat(eth(0x8100), new byte[] {0, 100, 8, 0}, ip4(6, tcp(40000, 22, 0x02, new byte[0], false))));
        f.put("qinq ipv4 udp", cat(eth(0x88a8), new byte[] {0, (byte) 200, (byte) 0x81, 0, 0, 100, 8, 0}, ip4(17, udp(1234, 5678, "qinq".getBytes(), false))));
        f.put("ipv4 options", cat(eth(0x0800), ip4(6, tcp(40000, 22, 0x02, new byte[0], false), 0x4000, new byte[] {(byte) 148, 4, 0, 0, 1, 1, 1, 0})));
        f.put("ipv4 first fragment", cat(eth(0x0800), ip4(17, udp(1000, 2000, filler(40, 1), false), 0x2000, new byte[0])));
        f.put("ipv4 later fragment", cat(eth(0x0800), ip4(17, filler(40, 3), 6, new byte[0])));
        byte[] extensions = cat(new byte[] {60, 0, 1, 4, 0, 0, 0, 0}, new byte[] {44, 0, 1, 4, 0, 0, 0, 0}, new byte[] {6, 0, 0, 0, 0, 0, 0x12, 0x34});
        f.put("ipv6 extension headers", cat(eth(0x86dd), ip6(0, cat(extensions, tcp(40000, 443, 0x02, new byte[0], true)))));
        byte[] inner = ip4(6, tcp(40000, 22, 0x02, new byte[0], false));
        f.put("gre", cat(eth(0x0800), ip4(47, cat(new byte[] {0, 0, 8, 0}, inner))));
        f.put("ipip", cat(eth(0x0800), ip4(4, inner)));
        f.put("vxlan", cat(eth(0x0800), ip4(17, udp(50000, 4789, cat(new byte[] {8, 0, 0, 0, 0, 0, 42, 0}, eth(0x0800), inner), false))));
        f.put("bare ethernet header", eth(0x0800));
        f.put("ipv4 cut in its header", Arrays.copyOf(syn4, 26));
        f.put("tcp cut in its header", Arrays.copyOf(syn4, 44));
        f.put("802.3 length field", cat(MAC_DST, MAC_SRC, new byte[] {0, 38, 0x42, 0x42, 3}, new byte[35]));
        f.put("1514 bytes", cat(eth(0x0800), ip4(6, tcp(40000, 80, 0x18, filler(1460, 7), false))));
        f.put("9014 bytes", cat(eth(0x0800), ip4(6, tcp(40000, 80, 0x18, filler(8960, 13), false))));
        return f;
    }
}
