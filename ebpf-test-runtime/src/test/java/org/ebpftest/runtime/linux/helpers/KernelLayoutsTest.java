package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.KernelBtf;
import org.ebpftest.runtime.btf.KernelStructs;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.linux.net.SocketTable.TcpField;
import org.junit.jupiter.api.Test;

/**
 * The structs the emulator lays out in memory for programs, checked field by field against the
 * emulated kernel's BTF ({@link KernelBtf}), which CO-RE relocations resolve against: a program
 * built with {@code vmlinux.h} or with its own minimal definitions must find each field where the
 * emulator wrote it, so no hand-written offset may drift from the kernel's.
 */
class KernelLayoutsTest {
    private static final Btf KERNEL = KernelBtf.vmlinux();

    /** A member found by name through anonymous structs and unions, as C and CO-RE find it. */
    private record Found(long byteOffset, long size) {
    }

    private static BtfType.Composite struct(String name) {
        return (BtfType.Composite) KERNEL.find(name, BtfKind.STRUCT).orElseThrow(() -> new AssertionError("no struct " + name + " in the kernel's BTF"));
    }

    private static Found member(BtfType.Composite c, String name, long base) {
        for (BtfType.Member m : c.members()) {
            long at = base + m.bitOffset() / 8;
            if (m.name().equals(name)) {
                return new Found(at, KERNEL.sizeOf(m.type()));
            }
            if (m.name().isEmpty() && KERNEL.resolve(m.type()) instanceof BtfType.Composite inner) {
                Found f = member(inner, name, at);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private static void checkOffsets(SoftAssertions softly, String structName, Map<String, Integer> offsets) {
        BtfType.Composite s = struct(structName);
        for (Map.Entry<String, Integer> e : offsets.entrySet()) {
            Found f = member(s, e.getKey(), 0);
            softly.assertThat(f).as("struct %s has %s", structName, e.getKey()).isNotNull();
            if (f != null) {
                softly.assertThat((long) e.getValue()).as("offsetof(struct %s, %s)", structName, e.getKey()).isEqualTo(f.byteOffset());
            }
        }
    }

    @Test
    void laysOutEveryKernelStructTheEmulatorModelsAsTheKernelsBtfDoes() {
        // given every struct of the emulator's kernel model (struct bpf_map, the map structs around it, struct nf_conn)
        Btf model = KernelStructs.btf();
        List<String> structs = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        for (BtfType t : model.types()) {
            if (!(t instanceof BtfType.StructType modelled)) {
                continue;
            }
            structs.add(modelled.name());
            BtfType.Composite kernel = struct(modelled.name());
            // then its size and each member's offset and size are the kernel's
            softly.assertThat(modelled.size()).as("sizeof(struct %s)", modelled.name()).isEqualTo(kernel.size());
            for (BtfType.Member m : modelled.members()) {
                Found f = m.name().isEmpty() ? anonymousAt(kernel, m.bitOffset()) : member(kernel, m.name(), 0);
                softly.assertThat(f).as("struct %s has %s", modelled.name(), m.name()).isNotNull();
                if (f != null) {
                    softly.assertThat(f.byteOffset()).as("offsetof(struct %s, %s)", modelled.name(), m.name()).isEqualTo(m.bitOffset() / 8);
                    softly.assertThat(f.size()).as("sizeof(struct %s.%s)", modelled.name(), m.name()).isEqualTo(model.sizeOf(m.type()));
                }
            }
        }
        softly.assertAll();
        assertThat(structs).contains(KernelStructs.BPF_MAP, KernelStructs.NF_CONN, "bpf_array", "bpf_htab");
    }

    @Test
    void modelsEveryMemberOfStructBpfMap() {
        // given the kernel's struct bpf_map, which programs read whole through a map pointer
        List<String> kernel = struct(KernelStructs.BPF_MAP).members().stream().map(BtfType.Member::name).toList();

        // then the emulator's model has every member, in the kernel's order
        assertThat(KernelStructs.bpfMapMembers()).extracting(BtfType.Member::name).containsExactlyElementsOf(kernel);
    }

    private static Found anonymousAt(BtfType.Composite c, int bitOffset) {
        for (BtfType.Member m : c.members()) {
            if (m.name().isEmpty() && m.bitOffset() == bitOffset) {
                return new Found(bitOffset / 8, KERNEL.sizeOf(m.type()));
            }
        }
        return null;
    }

    @Test
    void laysOutTheContextsAsTheKernelsBtfDoes() {
        // given the emulator's layouts of struct __sk_buff and struct xdp_md
        Map<String, Integer> skb = new LinkedHashMap<>();
        skb.put("len", SkbLayout.LEN);
        skb.put("pkt_type", SkbLayout.PKT_TYPE);
        skb.put("mark", SkbLayout.MARK);
        skb.put("queue_mapping", SkbLayout.QUEUE_MAPPING);
        skb.put("protocol", SkbLayout.PROTOCOL);
        skb.put("vlan_present", SkbLayout.VLAN_PRESENT);
        skb.put("vlan_tci", SkbLayout.VLAN_TCI);
        skb.put("vlan_proto", SkbLayout.VLAN_PROTO);
        skb.put("priority", SkbLayout.PRIORITY);
        skb.put("ingress_ifindex", SkbLayout.INGRESS_IFINDEX);
        skb.put("ifindex", SkbLayout.IFINDEX);
        skb.put("tc_index", SkbLayout.TC_INDEX);
        skb.put("cb", SkbLayout.CB);
        skb.put("hash", SkbLayout.HASH);
        skb.put("tc_classid", SkbLayout.TC_CLASSID);
        skb.put("data", SkbLayout.DATA);
        skb.put("data_end", SkbLayout.DATA_END);
        skb.put("napi_id", SkbLayout.NAPI_ID);
        skb.put("family", SkbLayout.FAMILY);
        skb.put("remote_ip4", SkbLayout.REMOTE_IP4);
        skb.put("local_ip4", SkbLayout.LOCAL_IP4);
        skb.put("remote_ip6", SkbLayout.REMOTE_IP6);
        skb.put("local_ip6", SkbLayout.LOCAL_IP6);
        skb.put("remote_port", SkbLayout.REMOTE_PORT);
        skb.put("local_port", SkbLayout.LOCAL_PORT);
        skb.put("data_meta", SkbLayout.DATA_META);
        skb.put("flow_keys", SkbLayout.FLOW_KEYS);
        skb.put("tstamp", SkbLayout.TSTAMP);
        skb.put("wire_len", SkbLayout.WIRE_LEN);
        skb.put("gso_segs", SkbLayout.GSO_SEGS);
        skb.put("sk", SkbLayout.SK);
        skb.put("gso_size", SkbLayout.GSO_SIZE);
        skb.put("tstamp_type", SkbLayout.TSTAMP_TYPE);
        skb.put("hwtstamp", SkbLayout.HWTSTAMP);
        Map<String, Integer> xdp = new LinkedHashMap<>();
        xdp.put("data", XdpLayout.DATA);
        xdp.put("data_end", XdpLayout.DATA_END);
        xdp.put("data_meta", XdpLayout.DATA_META);
        xdp.put("ingress_ifindex", XdpLayout.INGRESS_IFINDEX);
        xdp.put("rx_queue_index", XdpLayout.RX_QUEUE_INDEX);
        xdp.put("egress_ifindex", XdpLayout.EGRESS_IFINDEX);

        // then each field sits where the kernel's BTF has it, and every field of the kernel's is laid out
        SoftAssertions softly = new SoftAssertions();
        checkOffsets(softly, "__sk_buff", skb);
        checkOffsets(softly, "xdp_md", xdp);
        softly.assertThat(SkbLayout.SIZE).as("sizeof(struct __sk_buff)").isEqualTo(struct("__sk_buff").size());
        softly.assertThat(XdpLayout.SIZE).as("sizeof(struct xdp_md)").isEqualTo(struct("xdp_md").size());
        softly.assertAll();
        assertThat(namedMembers(struct("__sk_buff"))).containsExactlyInAnyOrderElementsOf(skb.keySet());
        assertThat(namedMembers(struct("xdp_md"))).containsExactlyInAnyOrderElementsOf(xdp.keySet());
    }

    @Test
    void laysOutSocketsAndFibLookupsAsTheKernelsBtfDoes() {
        // given the emulator's struct bpf_sock, struct bpf_tcp_sock and struct bpf_fib_lookup
        Map<String, Integer> sock = new LinkedHashMap<>();
        sock.put("bound_dev_if", SocketMemory.BOUND_DEV_IF);
        sock.put("family", SocketMemory.FAMILY);
        sock.put("type", SocketMemory.TYPE);
        sock.put("protocol", SocketMemory.PROTOCOL);
        sock.put("mark", SocketMemory.MARK);
        sock.put("priority", SocketMemory.PRIORITY);
        sock.put("src_ip4", SocketMemory.SRC_IP4);
        sock.put("src_ip6", SocketMemory.SRC_IP6);
        sock.put("src_port", SocketMemory.SRC_PORT);
        sock.put("dst_port", SocketMemory.DST_PORT);
        sock.put("dst_ip4", SocketMemory.DST_IP4);
        sock.put("dst_ip6", SocketMemory.DST_IP6);
        sock.put("state", SocketMemory.STATE);
        sock.put("rx_queue_mapping", SocketMemory.RX_QUEUE_MAPPING);
        Map<String, Integer> tcp = new LinkedHashMap<>();
        for (TcpField f : TcpField.values()) {
            tcp.put(f.name().toLowerCase(java.util.Locale.ROOT), f.offset());
        }
        Map<String, Integer> fib = new LinkedHashMap<>();
        fib.put("family", FibLookup.FAMILY);
        fib.put("tot_len", FibLookup.TOT_LEN);
        fib.put("ifindex", FibLookup.IFINDEX);
        fib.put("rt_metric", FibLookup.RT_METRIC);
        fib.put("ipv4_src", FibLookup.SRC);
        fib.put("ipv4_dst", FibLookup.DST);
        fib.put("tbid", FibLookup.TBID);
        fib.put("mark", FibLookup.MARK);
        fib.put("smac", FibLookup.SMAC);
        fib.put("dmac", FibLookup.DMAC);

        // then each sits where the kernel's BTF has it
        SoftAssertions softly = new SoftAssertions();
        checkOffsets(softly, "bpf_sock", sock);
        checkOffsets(softly, "bpf_tcp_sock", tcp);
        checkOffsets(softly, "bpf_fib_lookup", fib);
        softly.assertThat(SocketMemory.BPF_SOCK_SIZE).as("sizeof(struct bpf_sock)").isEqualTo(struct("bpf_sock").size());
        softly.assertThat(TcpField.STRUCT_SIZE).as("sizeof(struct bpf_tcp_sock)").isEqualTo(struct("bpf_tcp_sock").size());
        softly.assertThat(FibLookup.SIZE).as("sizeof(struct bpf_fib_lookup)").isEqualTo(struct("bpf_fib_lookup").size());
        softly.assertThat(Tunnels.KEY_SIZE).as("sizeof(struct bpf_tunnel_key)").isEqualTo(struct("bpf_tunnel_key").size());
        softly.assertAll();
        assertThat(namedMembers(struct("bpf_sock"))).containsExactlyInAnyOrderElementsOf(sock.keySet());
        assertThat(namedMembers(struct("bpf_tcp_sock"))).containsExactlyInAnyOrderElementsOf(tcp.keySet());
    }

    /** The socket structs a socket object embeds, which C reaches through without naming them (the members table flattens them). */
    private static final Set<String> SOCKET_BASES = Set.of("sock_common", "sock", "inet_sock", "inet_connection_sock", "tcp_sock", "udp_sock",
            "inet_timewait_sock", "request_sock", "inet_request_sock");

    /**
     * A member by its name in a socket object: found through anonymous members and the embedded
     * socket structs; a dotted name goes on into the member found (an array's first element).
     */
    private static Found socketMember(BtfType.Composite c, String path) {
        long at = 0;
        long size = 0;
        BtfType.Composite in = c;
        for (String part : path.split("\\.")) {
            if (in == null) {
                return null;
            }
            TypedFound f = socketMember(in, part, at);
            if (f == null) {
                return null;
            }
            at = f.byteOffset();
            size = f.size();
            BtfType t = KERNEL.resolve(f.type());
            if (t instanceof BtfType.ArrayType a) {
                t = KERNEL.resolve(a.element());
            }
            in = t instanceof BtfType.Composite comp ? comp : null;
        }
        return new Found(at, size);
    }

    private record TypedFound(long byteOffset, long size, int type) {
    }

    private static TypedFound socketMember(BtfType.Composite c, String name, long base) {
        for (BtfType.Member m : c.members()) {
            long at = base + m.bitOffset() / 8;
            if (m.name().equals(name)) {
                return new TypedFound(at, KERNEL.sizeOf(m.type()), m.type());
            }
            BtfType t = KERNEL.resolve(m.type());
            if (t instanceof BtfType.Composite inner && (m.name().isEmpty() || t instanceof BtfType.StructType st && SOCKET_BASES.contains(st.name()))) {
                TypedFound f = socketMember(inner, name, at);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    @Test
    void laysOutTheKernelSocketObjectsAsTheKernelsBtfDoes() {
        // given each kernel object the emulator lays a socket out as, and the members it fills in
        SoftAssertions softly = new SoftAssertions();
        for (SocketStructs.Kind kind : SocketStructs.Kind.values()) {
            String name = kind.struct.name().substring("struct ".length());
            BtfType.Composite kernel = struct(name);
            // then its size and each member's offset and size are the kernel's
            softly.assertThat(kind.struct.size()).as("sizeof(struct %s)", name).isEqualTo(kernel.size());
            for (SocketStructs.Field f : kind.fields) {
                Found found = socketMember(kernel, f.name());
                softly.assertThat(found).as("struct %s has %s", name, f.name()).isNotNull();
                if (found != null) {
                    softly.assertThat((long) f.offset()).as("offsetof(struct %s, %s)", name, f.name()).isEqualTo(found.byteOffset());
                    softly.assertThat((long) f.size()).as("sizeof(struct %s.%s)", name, f.name()).isEqualTo(found.size());
                }
            }
        }
        softly.assertAll();
        // and every struct bpf_tcp_sock field has the tcp_sock member it reads
        assertThat(SocketStructs.TCP_MEMBERS).containsOnlyKeys(TcpField.values());
    }

    @Test
    void namesTheMembersOfTheKernelSocketObjectsAsTheKernelsBtfDoes() throws IOException {
        // given the member tables the traps name members from, and the tables the kernel's BTF gives
        for (SocketStructs.Kind kind : SocketStructs.Kind.values()) {
            String name = kind.struct.name().substring("struct ".length());
            TreeMap<Long, List<String>> kernel = new TreeMap<>();
            flatten(struct(name), 0, "", kernel);
            List<String> expected = new ArrayList<>();
            kernel.forEach((at, names) -> expected.add(at + " " + String.join("/", names)));
            List<String> table;
            try (InputStream in = SocketStructs.class.getResourceAsStream(name + ".members")) {
                table = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().filter(l -> !l.startsWith("#")).toList();
            }

            // then the tables are the kernel's, line for line
            assertThat(table).as("%s.members", name).containsExactlyElementsOf(expected);
        }
    }

    /** Byte-aligned members with a size, by offset: anonymous members and embedded socket structs flattened, ipv6_pinfo's named inet6.*. */
    private static void flatten(BtfType.Composite c, long base, String prefix, TreeMap<Long, List<String>> out) {
        for (BtfType.Member m : c.members()) {
            if (m.bitOffset() % 8 != 0) {
                continue;
            }
            long at = base + m.bitOffset() / 8;
            BtfType t = KERNEL.resolve(m.type());
            if (t instanceof BtfType.Composite inner && (m.name().isEmpty() || t instanceof BtfType.StructType st && SOCKET_BASES.contains(st.name()))) {
                flatten(inner, at, prefix, out);
            } else if (t instanceof BtfType.StructType st && st.name().equals("ipv6_pinfo")) {
                flatten(st, at, prefix + m.name() + ".", out);
            } else if (KERNEL.sizeOf(m.type()) > 0) {
                List<String> names = out.computeIfAbsent(at, k -> new ArrayList<>());
                if (!names.contains(prefix + m.name())) {
                    names.add(prefix + m.name());
                }
            }
        }
    }

    private static List<String> namedMembers(BtfType.Composite c) {
        List<String> out = new ArrayList<>();
        for (BtfType.Member m : c.members()) {
            if (m.name().isEmpty() && KERNEL.resolve(m.type()) instanceof BtfType.Composite inner) {
                out.addAll(namedMembers(inner));
            } else {
                out.add(m.name());
            }
        }
        return out;
    }
}
