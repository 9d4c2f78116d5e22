package org.ebpftest.example;

import static org.ebpftest.example.Net.ipv4;
import static org.ebpftest.example.Net.u16;

import org.ebpftest.example.bpf.TcNat.Endpoint;
import org.ebpftest.example.bpf.TcNat.Flow;
import org.ebpftest.example.bpf.TcNat.NatConfig;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;

/** What the tc_nat tests share: the records of its generated skeleton ({@code TcNat}) made from text, and its port choice. */
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

    /** {@code struct nat_config}: 10.0.0.0/8 inside, 192.0.2.1 outside, ports 20000 to 20099. */
    static NatConfig standardConfig() {
        return new NatConfig(ipv4(INTERNAL_NET), ipv4(INTERNAL_MASK), ipv4(EXTERNAL), u16(PORT_MIN), u16(PORT_MAX));
    }

    /** {@code struct flow}, the key of {@code nat_table}: a 5-tuple, its padding zero. */
    static Flow flow(String saddr, String daddr, int sport, int dport, int protocol) {
        return new Flow(ipv4(saddr), ipv4(daddr), u16(sport), u16(dport), (byte) protocol, new byte[3]);
    }

    /** {@code struct endpoint}, the value of {@code nat_table}. */
    static Endpoint endpoint(String addr, int port) {
        return new Endpoint(ipv4(addr), u16(port), (short) 0);
    }

    /**
     * The ports {@code tc_snat} tries for a new flow, in order: its {@code flow_hash} (word-wise
     * FNV-1a over the addresses, the two {@code __be16} ports as loaded, and the protocol, then
     * {@code h ^= h >> 16}) plus the probe number, modulo the range.
     */
    static int[] probePorts(String saddr, String daddr, int sport, int dport, int protocol) {
        int hash = 0x811c9dc5;
        hash = (hash ^ Integer.reverseBytes(ipv4(saddr))) * 0x01000193;
        hash = (hash ^ Integer.reverseBytes(ipv4(daddr))) * 0x01000193;
        hash = (hash ^ (asLoaded(sport) << 16 | asLoaded(dport))) * 0x01000193;
        hash = (hash ^ protocol) * 0x01000193;
        hash ^= hash >>> 16;
        int range = PORT_MAX - PORT_MIN + 1;
        int[] ports = new int[PROBES];
        for (int i = 0; i < PROBES; i++) {
            ports[i] = PORT_MIN + Integer.remainderUnsigned(hash + i, range);
        }
        return ports;
    }

    /** A port as a little-endian load of its {@code __be16} reads it. */
    private static int asLoaded(int port) {
        return Short.reverseBytes(u16(port)) & 0xffff;
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
