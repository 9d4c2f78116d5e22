package org.ebpftest.runtime.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;

/**
 * The runs of netfilter.c that NetfilterTest pins and NetfilterKernelTest compares with the kernel:
 * packets at each hook for each family, without and with ctx_in, and inputs test_run refuses.
 */
public final class NetfilterCases {
    /** One run: its name, the input, and the ctx_in bytes bpftool passes (null for none). */
    public record Case(String name, NetfilterInput input, byte[] ctxIn) {
    }

    private NetfilterCases() {
    }

    /** netfilter.o. */
    public static byte[] object() throws IOException {
        try (InputStream in = NetfilterCases.class.getResourceAsStream("/elf/netfilter.o")) {
            return in.readAllBytes();
        }
    }

    /** An IPv4 UDP packet from 10.0.0.1 to 10.0.0.2 port {@code port}, from the IP header on. */
    public static byte[] udp4(int port) {
        byte[] p = {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, (byte) (port >> 8), (byte) port, 0, 8, 0, 0};
        return p;
    }

    /** An IPv6 header with next header {@code next} and hop limit {@code hops}, and 8 bytes of payload. */
    public static byte[] ipv6(int next, int hops) {
        byte[] p = new byte[48];
        p[0] = 0x60;
        p[5] = 8;
        p[6] = (byte) next;
        p[7] = (byte) hops;
        return p;
    }

    /** A frame: an Ethernet header to {@code dst} of protocol {@code ethertype}, then {@code payload}. */
    public static byte[] ethernet(byte[] dst, int ethertype, byte[] payload) {
        byte[] f = new byte[14 + payload.length];
        System.arraycopy(dst, 0, f, 0, 6);
        f[12] = (byte) (ethertype >> 8);
        f[13] = (byte) ethertype;
        System.arraycopy(payload, 0, f, 14, payload.length);
        return f;
    }

    /** struct nf_hook_state with hook and pf set, the rest zero: what test_run takes as ctx_in. */
    public static byte[] state(int hook, int pf) {
        return ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).put((byte) hook).put((byte) pf).array();
    }

    private static Case at(String name, int hook, int pf, byte[] packet) {
        return new Case(name, NetfilterInput.at(hook, pf, packet), state(hook, pf));
    }

    /** The runs. */
    public static List<Case> cases() {
        byte[] zero = new byte[6];
        byte[] broadcast = {-1, -1, -1, -1, -1, -1};
        byte[] other = {2, 0, 0, 0, 0, 1};
        return List.of(
                new Case("dns without ctx_in", NetfilterInput.of(udp4(53)), null),
                new Case("udp 80 without ctx_in", NetfilterInput.of(udp4(80)), null),
                new Case("ipv6 without ctx_in (pf stays IPv4)", NetfilterInput.of(ipv6(58, 1)), null),
                at("dns at local_out", NetfilterInput.LOCAL_OUT, NetfilterInput.IPV4, udp4(53)),
                at("dns at pre_routing", NetfilterInput.PRE_ROUTING, NetfilterInput.IPV4, ethernet(zero, 0x0800, udp4(53))),
                at("udp 80 at local_in", NetfilterInput.LOCAL_IN, NetfilterInput.IPV4, ethernet(broadcast, 0x0800, udp4(80))),
                at("udp 80 at forward", NetfilterInput.FORWARD, NetfilterInput.IPV4, ethernet(other, 0x0800, udp4(80))),
                at("icmpv6 hop limit 1 at post_routing", NetfilterInput.POST_ROUTING, NetfilterInput.IPV6, ethernet(zero, 0x86dd, ipv6(58, 1))),
                at("icmpv6 hop limit 2 at post_routing", NetfilterInput.POST_ROUTING, NetfilterInput.IPV6, ethernet(zero, 0x86dd, ipv6(58, 2))),
                at("icmpv6 hop limit 1 at local_out", NetfilterInput.LOCAL_OUT, NetfilterInput.IPV6, ipv6(58, 1)),
                at("hook 7 (no such hook)", 7, NetfilterInput.IPV4, ethernet(zero, 0x0800, udp4(53))),
                // refused
                at("pf 7", NetfilterInput.LOCAL_OUT, 7, udp4(53)),
                at("ipv4 frame at pf ipv6", NetfilterInput.PRE_ROUTING, NetfilterInput.IPV6, ethernet(zero, 0x0800, udp4(53))),
                at("arp frame", NetfilterInput.PRE_ROUTING, NetfilterInput.IPV4, ethernet(zero, 0x0806, udp4(53))),
                at("802.3 frame", NetfilterInput.PRE_ROUTING, NetfilterInput.IPV4, ethernet(zero, 0x0040, udp4(53))),
                at("short ipv6 frame", NetfilterInput.PRE_ROUTING, NetfilterInput.IPV6, ethernet(zero, 0x86dd, new byte[39])),
                at("frame of 33 bytes", NetfilterInput.LOCAL_IN, NetfilterInput.IPV4, ethernet(zero, 0x0800, new byte[19])),
                new Case("19 bytes", NetfilterInput.of(new byte[19]), null),
                new Case("3713 bytes", NetfilterInput.of(new byte[3713]), null),
                new Case("3712 bytes", NetfilterInput.of(new byte[3712]), null));
    }
}
