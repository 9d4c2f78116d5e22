package org.ebpftest.runtime.linux.buffers;

import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.vm.Memory;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The socket buffer of a tc, socket-filter or cgroup-skb run, built as test_run builds it: the
 * frame copied after NET_SKB_PAD of headroom, {@code eth_type_trans} run on the loopback device (or
 * the device the test named), the network header set, and for tc the Ethernet header pushed back.
 *
 * <p>The public fields live in the {@code __sk_buff} bytes the program reads, so the program's
 * writes (mark, priority, cb, ...) and the helpers' changes are one state. The buffer grows when a
 * helper needs more head- or tailroom; the packet region is then remapped, which is safe because
 * the verifier makes programs reload packet pointers after such helpers.
 */
public final class SkBuff {
    public static final int CHECKSUM_NONE = 0;
    public static final int CHECKSUM_UNNECESSARY = 1;
    static final int CHECKSUM_COMPLETE = 2;
    static final int CHECKSUM_PARTIAL = 3;

    static final int PACKET_HOST = 0;
    static final int PACKET_BROADCAST = 1;
    static final int PACKET_MULTICAST = 2;
    static final int PACKET_OTHERHOST = 3;

    final ContextType type;
    public final byte[] ctx = new byte[SkbLayout.SIZE];
    final Region context;
    public byte[] buf;
    Region packet;
    public int data;
    public int tail;
    public int mac;
    public int network;
    public int ipSummed = CHECKSUM_NONE;
    public int csumLevel;
    public boolean l4Hash;
    public boolean swHash;
    /** Set by the helpers that change the buffer, so that the run can remap the packet region. */
    private Memory memory;

    public SkBuff(ContextType type, SkbInput in, NetDevice dev) {
        this.type = type;
        byte[] frame = in.packet();
        int size = frame.length;
        buf = new byte[SkbLayout.HEADROOM + align(size) + SkbLayout.SHINFO];
        data = SkbLayout.HEADROOM;
        System.arraycopy(frame, 0, buf, data, size);
        tail = data + size;
        ethTypeTrans(dev);
        network = data;
        if (type.isTc()) {
            data -= SkbLayout.ETH_HLEN;
        }
        packet = newPacketRegion();
        context = new Region("__sk_buff", ctx, true);
        context.setGuard(new SkbAccessRules(type));
        put(SkbLayout.MARK, in.mark());
        put(SkbLayout.PRIORITY, in.priority());
        put(SkbLayout.INGRESS_IFINDEX, in.ingressIfindex());
        put(SkbLayout.IFINDEX, dev.ifindex());
        for (int i = 0; i < 5; i++) {
            put(SkbLayout.CB + 4 * i, in.cb()[i]);
        }
        ContextBytes.putU64(ctx, SkbLayout.TSTAMP, in.tstamp());
        ContextBytes.putU64(ctx, SkbLayout.HWTSTAMP, in.hwtstamp());
        put(SkbLayout.GSO_SEGS, in.gsoSegs());
        // skb_shared_info.gso_size is 16 bits: test_run keeps the low half of ctx_in's 32 (ctx_out echoes all 32)
        put(SkbLayout.GSO_SIZE, in.gsoSize() & 0xffff);
        if (in.withContext()) {
            // test_run sets the qdisc cb's pkt_len only when a context is passed in or out
            put(SkbLayout.WIRE_LEN, in.wireLen() == 0 ? size - (type.isTc() ? 0 : SkbLayout.ETH_HLEN) : in.wireLen());
        }
        if (in.socket() != null) {
            fillSocket(in.socket());
        } else {
            fillSocket();
        }
        sync();
    }

    /**
     * The socket buffer of a netfilter run, as {@code bpf_prog_test_run_nf} builds it: the packet
     * after NET_SKB_PAD of headroom; with {@code ethernet}, {@code eth_type_trans} on {@code dev}
     * (protocol and pkt_type from the Ethernet header, which is pulled) and the network header
     * set there; without, the packet starts at the network header, the protocol is
     * {@code protocol} and the network header is left at the buffer's head, as test_run leaves it.
     */
    public SkBuff(byte[] frame, boolean ethernet, int protocol, NetDevice dev) {
        this.type = ContextType.NETFILTER;
        int size = frame.length;
        buf = new byte[SkbLayout.HEADROOM + align(size) + SkbLayout.SHINFO];
        data = SkbLayout.HEADROOM;
        System.arraycopy(frame, 0, buf, data, size);
        tail = data + size;
        if (ethernet) {
            ethTypeTrans(dev);
            network = data;
        } else {
            mac = -1;
            network = 0;
            setProtocol(protocol);
        }
        packet = newPacketRegion();
        context = new Region("__sk_buff", ctx, true);
        sync();
    }

    private static int align(int size) {
        return (size + 63) & ~63;
    }

    private Region newPacketRegion() {
        Region r = new Region("packet", buf, true, data, tail);
        if (type == ContextType.CGROUP_SKB || type == ContextType.LWT_IN || type == ContextType.LWT_OUT || type == ContextType.NETFILTER) {
            String name = type.bpftoolName();
            r.setGuard((offset, size, store) -> store ? "store of " + size + " bytes to the packet: " + name + " programs may only read it" : null);
        }
        return r;
    }

    /** eth_type_trans: sets pkt_type and protocol from the Ethernet header and pulls it. */
    private void ethTypeTrans(NetDevice dev) {
        mac = data;
        byte[] own = dev.mac();
        int pktType;
        if ((buf[mac] & 1) != 0) {
            boolean broadcast = true;
            for (int i = 0; i < 6; i++) {
                // the loopback device has no broadcast address, so ff:ff:ff:ff:ff:ff counts as multicast there
                broadcast &= buf[mac + i] == (byte) 0xff && dev.ifindex() != 1;
            }
            pktType = broadcast ? PACKET_BROADCAST : PACKET_MULTICAST;
        } else {
            boolean mine = true;
            for (int i = 0; i < 6; i++) {
                mine &= buf[mac + i] == own[i];
            }
            pktType = mine ? PACKET_HOST : PACKET_OTHERHOST;
        }
        put(SkbLayout.PKT_TYPE, pktType);
        int proto = ContextBytes.be16(buf, mac + 12);
        data += SkbLayout.ETH_HLEN;
        if (proto < 0x0600) {
            boolean raw8023 = tail - data >= 2 && buf[data] == (byte) 0xff && buf[data + 1] == (byte) 0xff;
            proto = raw8023 ? 0x0001 : 0x0004;
        }
        setProtocol(proto);
    }

    /** The socket the test gave: the __sk_buff fields that read skb->sk (family, addresses, ports). */
    private void fillSocket(Socket s) {
        put(SkbLayout.FAMILY, s.family());
        System.arraycopy(s.localIpv4(), 0, ctx, SkbLayout.LOCAL_IP4, 4);
        System.arraycopy(s.remoteIpv4(), 0, ctx, SkbLayout.REMOTE_IP4, 4);
        System.arraycopy(s.localIpv6(), 0, ctx, SkbLayout.LOCAL_IP6, 16);
        System.arraycopy(s.remoteIpv6(), 0, ctx, SkbLayout.REMOTE_IP6, 16);
        put(SkbLayout.LOCAL_PORT, s.localPort());
        // remote_port is the __be16 sk_dport in the low half of the word
        ctx[SkbLayout.REMOTE_PORT] = (byte) (s.remotePort() >>> 8);
        ctx[SkbLayout.REMOTE_PORT + 1] = (byte) s.remotePort();
    }

    /** Sets {@code __sk_buff.sk}, the address of the socket the packet belongs to as programs see it. */
    public void setSocketPointer(long address) {
        ContextBytes.putU64(ctx, SkbLayout.SK, address);
    }

    /** The dummy socket test_run attaches: family and addresses from the IP header, for cgroup_skb. */
    private void fillSocket() {
        int proto = protocol();
        int avail = tail - network;
        if (proto == 0x0800) {
            put(SkbLayout.FAMILY, 2);
            if (avail >= 20) {
                System.arraycopy(buf, network + 12, ctx, SkbLayout.LOCAL_IP4, 4);
                System.arraycopy(buf, network + 16, ctx, SkbLayout.REMOTE_IP4, 4);
            }
        } else if (proto == 0x86dd) {
            put(SkbLayout.FAMILY, 10);
            if (avail >= 40) {
                System.arraycopy(buf, network + 8, ctx, SkbLayout.LOCAL_IP6, 16);
                System.arraycopy(buf, network + 24, ctx, SkbLayout.REMOTE_IP6, 16);
            }
        }
    }

    public void attach(Memory memory) {
        this.memory = memory;
        memory.remap(packet, Vm.PACKET_ADDRESS);
        memory.remap(context, Vm.CONTEXT_ADDRESS);
    }

    public int len() {
        return tail - data;
    }

    public int get(int off) {
        return ContextBytes.u32(ctx, off);
    }

    public void put(int off, long value) {
        ContextBytes.putU32(ctx, off, value);
    }

    /**
     * skb_is_gso: whether the packet is one to segment on transmit, which test_run makes it when
     * ctx_in sets gso_size. Such a packet has no GSO type (gso_type is 0), which some helpers refuse.
     */
    public boolean isGso() {
        return get(SkbLayout.GSO_SIZE) != 0;
    }

    /** skb->protocol in host order, such as 0x0800. */
    public int protocol() {
        return Short.reverseBytes((short) get(SkbLayout.PROTOCOL)) & 0xffff;
    }

    public void setProtocol(int hostOrder) {
        // __sk_buff.protocol is the __be16 as it sits in memory, read as a number
        put(SkbLayout.PROTOCOL, Short.reverseBytes((short) hostOrder) & 0xffff);
    }

    public void clearHash() {
        put(SkbLayout.HASH, 0);
        l4Hash = false;
        swHash = false;
    }

    /** Publishes len and the packet pointers, and moves the packet window to [data, tail). */
    public void sync() {
        put(SkbLayout.LEN, len());
        packet.setWindow(data, tail);
        long base = Vm.PACKET_ADDRESS;
        put(SkbLayout.DATA, base + data);
        put(SkbLayout.DATA_END, base + tail);
        put(SkbLayout.DATA_META, base + data);
    }

    int headroom() {
        return data;
    }

    int tailroom() {
        return buf.length - SkbLayout.SHINFO - tail;
    }

    /** Makes sure of {@code head} bytes of headroom and {@code room} bytes of tailroom, reallocating as pskb_expand_head does. */
    public void reserve(int head, int room) {
        int needHead = Math.max(0, head - headroom());
        int needTail = Math.max(0, room - tailroom());
        if (needHead == 0 && needTail == 0) {
            return;
        }
        needHead = align(needHead);
        byte[] grown = new byte[buf.length + needHead + align(needTail)];
        System.arraycopy(buf, 0, grown, needHead, tail);
        buf = grown;
        data += needHead;
        tail += needHead;
        mac += needHead;
        network += needHead;
        packet = newPacketRegion();
        if (memory != null) {
            memory.remap(packet, Vm.PACKET_ADDRESS);
        }
    }

    /** Inserts {@code n} zero bytes at packet offset {@code at}, moving what precedes it to the front. */
    void insert(int at, int n) {
        reserve(n, 0);
        System.arraycopy(buf, data, buf, data - n, at);
        java.util.Arrays.fill(buf, data - n + at, data + at, (byte) 0);
        data -= n;
        if (mac >= data + n && mac < data + n + at) {
            mac -= n;
        }
        if (network < data + n + at) {
            network -= n;
        }
    }

    /** Removes {@code n} bytes at packet offset {@code at}, moving what precedes them back. */
    void remove(int at, int n) {
        System.arraycopy(buf, data, buf, data + n, at);
        int oldData = data;
        data += n;
        if (network < oldData + at) {
            network += n;
        }
        if (mac < oldData + at) {
            mac += n;
        }
    }
}
