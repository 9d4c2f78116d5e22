package org.ebpftest.example;

import static org.ebpftest.example.Net.be16;
import static org.ebpftest.example.Net.ipv4;
import static org.ebpftest.example.Net.u16;

import java.net.Inet4Address;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;

/** What the tc_nat tests share: the C structs of {@code tc_nat.c} as records, the set-up, and its port choice. */
final class Nat {
    static final String INTERNAL_NET = "10.0.0.0";
    static final String INTERNAL_MASK = "255.0.0.0";
    static final String EXTERNAL = "192.0.2.1";
    static final int PORT_MIN = 20000;
    static final int PORT_MAX = 20099;
    static final int PROBES = 4;
    static final String REMOTE = "93.184.216.34";

    private Nat() {
    }

    /** {@code struct nat_config}: addresses in network order, the port range in host order. */
    record Config(Inet4Address internalNet, Inet4Address internalMask, Inet4Address externalAddr, short portMin, short portMax) {
        static Config standard() {
            return new Config(ipv4(INTERNAL_NET), ipv4(INTERNAL_MASK), ipv4(EXTERNAL), u16(PORT_MIN), u16(PORT_MAX));
        }
    }

    /** {@code struct flow}, the key of {@code nat_table}: a 5-tuple with {@code __be16} ports and zero padding. */
    record Flow(Inet4Address saddr, Inet4Address daddr, short sport, short dport, byte protocol, byte pad0, byte pad1, byte pad2) {
        static Flow of(String saddr, String daddr, int sport, int dport, int protocol) {
            return new Flow(ipv4(saddr), ipv4(daddr), be16(sport), be16(dport), (byte) protocol, (byte) 0, (byte) 0, (byte) 0);
        }
    }

    /** {@code struct endpoint}, the value of {@code nat_table}. */
    record Endpoint(Inet4Address addr, short port, short pad) {
        static Endpoint of(String addr, int port) {
            return new Endpoint(ipv4(addr), be16(port), (short) 0);
        }
    }

    /**
     * The ports {@code tc_snat} tries for a new flow, in order: its {@code flow_hash} (word-wise
     * FNV-1a over the addresses, the two {@code __be16} ports as loaded, and the protocol, then
     * {@code h ^= h >> 16}) plus the probe number, modulo the range.
     */
    static int[] probePorts(String saddr, String daddr, int sport, int dport, int protocol) {
        int hash = 0x811c9dc5;
        hash = (hash ^ Integer.reverseBytes(packed(saddr))) * 0x01000193;
        hash = (hash ^ Integer.reverseBytes(packed(daddr))) * 0x01000193;
        hash = (hash ^ ((be16(sport) & 0xffff) << 16 | (be16(dport) & 0xffff))) * 0x01000193;
        hash = (hash ^ protocol) * 0x01000193;
        hash ^= hash >>> 16;
        int range = PORT_MAX - PORT_MIN + 1;
        int[] ports = new int[PROBES];
        for (int i = 0; i < PROBES; i++) {
            ports[i] = PORT_MIN + Integer.remainderUnsigned(hash + i, range);
        }
        return ports;
    }

    /** The address as a big-endian int; reversed, it is the {@code __be32} as a little-endian load reads it. */
    private static int packed(String address) {
        byte[] b = ipv4(address).getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    static byte[] tcp(String saddr, int sport, String daddr, int dport, TcpFlag... flags) {
        return Packets.ethernet().ipv4().source(saddr).destination(daddr)
                .tcp().sourcePort(sport).destinationPort(dport).flags(flags).sequenceNumber(1000).build();
    }

    static byte[] udp(String saddr, int sport, String daddr, int dport, String payload) {
        return Packets.ethernet().ipv4().source(saddr).destination(daddr)
                .udp().sourcePort(sport).destinationPort(dport).payload(payload).build();
    }
}
