package org.ebpftest.assertions;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractByteArrayAssert;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.ByteArrayAssert;
import org.ebpftest.packet.Arp;
import org.ebpftest.packet.Ethernet;
import org.ebpftest.packet.FrameDiff;
import org.ebpftest.packet.Geneve;
import org.ebpftest.packet.Gre;
import org.ebpftest.packet.HexDump;
import org.ebpftest.packet.Icmp;
import org.ebpftest.packet.Icmpv6;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.Ipv6;
import org.ebpftest.packet.Layer;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.Udp;
import org.ebpftest.packet.Vlan;
import org.ebpftest.packet.Vxlan;

/**
 * Assertions on a parsed {@link Packet}: its length, its layers, its bytes compared with an
 * expected frame, its payload, and navigation to one assertion per header.
 *
 * <p>Navigation methods such as {@link #ipv4()} fail if the packet has no such header and
 * otherwise return the header's assertion; its {@code and()} comes back here. The index variants
 * count headers of one kind from the outermost, so {@code ipv4(1)} is the inner IPv4 header of an
 * IPIP, GRE, VXLAN or GENEVE packet.
 *
 * <pre>{@code
 * assertThat(packet).hasLayers(Ethernet.class, Ipv4.class, Tcp.class)
 *         .ipv4().hasTtl(63).hasValidChecksum()
 *         .and().tcp().hasDestinationPort(8080).hasFlags(TcpFlag.SYN);
 * }</pre>
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractPacketAssert<SELF extends AbstractPacketAssert<SELF>>
        extends AbstractObjectAssert<SELF, Packet> {

    private NestedAsserts nested = NestedAsserts.HARD;

    /** Creates an assertion on a packet. */
    protected AbstractPacketAssert(Packet actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Makes the assertions this one navigates to soft as well. */
    static void useNested(AbstractPacketAssert<?> assertion, NestedAsserts nested) {
        assertion.nested = nested;
    }

    /** Checks the frame length in bytes. */
    public SELF hasLength(int expected) {
        Args.range("expected length", expected, 0, Integer.MAX_VALUE);
        isNotNull();
        if (actual.length() != expected) {
            throw failure("Expecting length of packet to be: " + expected + " but was: " + actual.length());
        }
        return myself;
    }

    /**
     * Checks the packet's layers, exactly and in order from the outermost, such as
     * {@code hasLayers(Ethernet.class, Ipv4.class, Tcp.class)}. IPv6 extension headers are layers
     * of their own ({@code Ipv6Extension}).
     */
    @SafeVarargs
    public final SELF hasLayers(Class<? extends Layer>... expected) {
        return hasLayersForProxy(expected);
    }

    /** The body of {@link #hasLayers}, which cannot be overridden by soft-assertion proxies because it is final. */
    protected SELF hasLayersForProxy(Class<? extends Layer>[] expected) {
        Args.notNull("expected layers", expected);
        for (Class<? extends Layer> type : expected) {
            Args.notNull("expected layer", type);
        }
        isNotNull();
        List<Class<?>> kinds = actual.layers().stream().map(Object::getClass).collect(Collectors.toList());
        if (!kinds.equals(Arrays.asList(expected))) {
            throw failure("Expecting layers of packet to be: " + names(Arrays.asList(expected)) + " but were: "
                    + names(kinds));
        }
        return myself;
    }

    /** Checks that the packet has no layer of a kind, for example no {@code Gre} after decapsulation. */
    public SELF doesNotHaveLayer(Class<? extends Layer> type) {
        Args.notNull("layer type", type);
        isNotNull();
        if (actual.has(type)) {
            throw failure("Expecting packet not to have " + article(type) + " layer but its layers were: "
                    + layerNames());
        }
        return myself;
    }

    /** Checks that no header, and no data a header declares, runs past the end of the frame. */
    public SELF isNotTruncated() {
        isNotNull();
        if (actual.isTruncated()) {
            throw failure("Expecting packet not to be truncated but it was: " + String.join("; ", actual.problems()));
        }
        return myself;
    }

    /** Checks that parsing found nothing wrong: no truncation, no inconsistent lengths or options. */
    public SELF hasNoProblems() {
        isNotNull();
        if (!actual.problems().isEmpty()) {
            throw failure("Expecting packet to have no problems but it had: " + String.join("; ", actual.problems()));
        }
        return myself;
    }

    /**
     * Checks the packet byte for byte against an expected frame. The failure message is the
     * {@link FrameDiff} report: each differing field by name, then the differing rows of both hex
     * dumps with the bytes marked.
     */
    public SELF isEqualTo(byte[] expected) {
        Args.notNull("expected frame", expected);
        isNotNull();
        boolean ethernet = actual.layers().isEmpty() || actual.layers().get(0) instanceof Ethernet;
        return isEqualTo(ethernet ? Packet.parse(expected) : Packet.parseIp(expected));
    }

    /** Checks the packet byte for byte against an expected packet, as {@link #isEqualTo(byte[])} does. */
    public SELF isEqualTo(Packet expected) {
        Args.notNull("expected packet", expected);
        isNotNull();
        FrameDiff diff = FrameDiff.of(expected, actual.bytes());
        if (!diff.isEmpty()) {
            String message = "Expecting packet to be equal to the expected frame but " + diff.toString().stripTrailing()
                    + "\nactual packet:\n" + Names.indent(actual.toString());
            // Both hex dumps ride along so that IDEs can show them side by side.
            throw failureWithActualExpected(HexDump.of(actual.bytes()), HexDump.of(expected.bytes()), "\n%s", message);
        }
        return myself;
    }

    /** Compares bytes when given a {@code byte[]} or a {@link Packet}, otherwise as AssertJ does. */
    @Override
    public SELF isEqualTo(Object expected) {
        if (expected instanceof byte[]) {
            return isEqualTo((byte[]) expected);
        }
        if (expected instanceof Packet) {
            return isEqualTo((Packet) expected);
        }
        return super.isEqualTo(expected);
    }

    /** Checks the bytes after the innermost header. */
    public SELF hasPayload(byte[] expected) {
        Args.notNull("expected payload", expected);
        isNotNull();
        return checkPayload(expected, Names.hex(expected) + " (" + expected.length + " bytes)", false);
    }

    /** Checks that the bytes after the innermost header are the UTF-8 encoding of {@code expected}. */
    public SELF hasPayload(String expected) {
        Args.notNull("expected payload", expected);
        isNotNull();
        return checkPayload(expected.getBytes(StandardCharsets.UTF_8), null, true);
    }

    private SELF checkPayload(byte[] expected, String shown, boolean text) {
        byte[] payload = actual.payload();
        if (Arrays.equals(payload, expected)) {
            return myself;
        }
        int at = Arrays.mismatch(payload, expected);
        String expectedText = text ? Names.bytes(expected) : shown;
        String actualText = text ? Names.bytes(payload) : Names.hex(payload) + " (" + payload.length + " bytes)";
        throw failure("Expecting payload of packet to be: " + expectedText + " but was: " + actualText
                + "; first difference at payload offset " + at + " (frame offset " + (actual.payloadOffset() + at) + ")");
    }

    /** An AssertJ assertion on a copy of the bytes after the innermost header. */
    public AbstractByteArrayAssert<?> payload() {
        isNotNull();
        return nested.create(ByteArrayAssert.class, byte[].class, actual.payload(), ByteArrayAssert::new)
                .describedAs("payload of packet");
    }

    /** Navigates to the outermost Ethernet header. */
    public EthernetAssert ethernet() {
        return ethernet(0);
    }

    /** Navigates to an Ethernet header, counting from 0 at the outermost; 1 is the inner frame of VXLAN. */
    public EthernetAssert ethernet(int index) {
        return layer(Ethernet.class, index, EthernetAssert.class, EthernetAssert::new);
    }

    /** Navigates to the outermost VLAN tag. */
    public VlanAssert vlan() {
        return vlan(0);
    }

    /** Navigates to a VLAN tag, counting from 0 at the outermost; 1 is the customer tag of QinQ. */
    public VlanAssert vlan(int index) {
        return layer(Vlan.class, index, VlanAssert.class, VlanAssert::new);
    }

    /** Navigates to the outermost ARP packet. */
    public ArpAssert arp() {
        return arp(0);
    }

    /** Navigates to an ARP packet, counting from 0 at the outermost. */
    public ArpAssert arp(int index) {
        return layer(Arp.class, index, ArpAssert.class, ArpAssert::new);
    }

    /** Navigates to the outermost IPv4 header. */
    public Ipv4Assert ipv4() {
        return ipv4(0);
    }

    /** Navigates to an IPv4 header, counting from 0 at the outermost; 1 is the inner header of a tunnel. */
    public Ipv4Assert ipv4(int index) {
        return layer(Ipv4.class, index, Ipv4Assert.class, Ipv4Assert::new);
    }

    /** Navigates to the outermost IPv6 header. */
    public Ipv6Assert ipv6() {
        return ipv6(0);
    }

    /** Navigates to an IPv6 header, counting from 0 at the outermost; 1 is the inner header of a tunnel. */
    public Ipv6Assert ipv6(int index) {
        return layer(Ipv6.class, index, Ipv6Assert.class, Ipv6Assert::new);
    }

    /** Navigates to the outermost TCP header. */
    public TcpAssert tcp() {
        return tcp(0);
    }

    /** Navigates to a TCP header, counting from 0 at the outermost. */
    public TcpAssert tcp(int index) {
        return layer(Tcp.class, index, TcpAssert.class, TcpAssert::new);
    }

    /** Navigates to the outermost UDP header; for VXLAN and GENEVE that is the tunnel's. */
    public UdpAssert udp() {
        return udp(0);
    }

    /** Navigates to a UDP header, counting from 0 at the outermost. */
    public UdpAssert udp(int index) {
        return layer(Udp.class, index, UdpAssert.class, UdpAssert::new);
    }

    /** Navigates to the outermost ICMP header. */
    public IcmpAssert icmp() {
        return icmp(0);
    }

    /** Navigates to an ICMP header, counting from 0 at the outermost. */
    public IcmpAssert icmp(int index) {
        return layer(Icmp.class, index, IcmpAssert.class, IcmpAssert::new);
    }

    /** Navigates to the outermost ICMPv6 header. */
    public Icmpv6Assert icmpv6() {
        return icmpv6(0);
    }

    /** Navigates to an ICMPv6 header, counting from 0 at the outermost. */
    public Icmpv6Assert icmpv6(int index) {
        return layer(Icmpv6.class, index, Icmpv6Assert.class, Icmpv6Assert::new);
    }

    /** Navigates to the outermost GRE header. */
    public GreAssert gre() {
        return gre(0);
    }

    /** Navigates to a GRE header, counting from 0 at the outermost. */
    public GreAssert gre(int index) {
        return layer(Gre.class, index, GreAssert.class, GreAssert::new);
    }

    /** Navigates to the outermost VXLAN header. */
    public VxlanAssert vxlan() {
        return vxlan(0);
    }

    /** Navigates to a VXLAN header, counting from 0 at the outermost. */
    public VxlanAssert vxlan(int index) {
        return layer(Vxlan.class, index, VxlanAssert.class, VxlanAssert::new);
    }

    /** Navigates to the outermost GENEVE header. */
    public GeneveAssert geneve() {
        return geneve(0);
    }

    /** Navigates to a GENEVE header, counting from 0 at the outermost. */
    public GeneveAssert geneve(int index) {
        return layer(Geneve.class, index, GeneveAssert.class, GeneveAssert::new);
    }

    private <L extends Layer, A extends AbstractLayerAssert<A, L>> A layer(Class<L> type, int index, Class<A> assertType,
                                                                          Function<L, A> constructor) {
        Args.range("layer index", index, 0, Integer.MAX_VALUE);
        isNotNull();
        List<L> found = actual.layers(type);
        L layer = index < found.size() ? found.get(index) : null;
        if (layer == null) {
            String which = index == 0 ? article(type) + " layer"
                    : "at least " + (index + 1) + " " + type.getSimpleName() + " layers (index " + index + ")";
            nested.missing(failure("Expecting packet to have " + which + " but its layers were: " + layerNames()));
        }
        A child = nested.create(assertType, type, layer, constructor);
        AbstractLayerAssert.attach(child, myself, actual, layer == null);
        return child;
    }

    private AssertionError failure(String expectation) {
        return assertionError(FailureMessage.of(expectation + "\npacket:\n" + Names.indent(actual.toString())));
    }

    private static String article(Class<?> type) {
        String name = type.getSimpleName();
        // Udp reads as "a UDP"; the other names that start with a vowel take "an".
        return ("AEIO".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private String layerNames() {
        return names(actual.layers().stream().map(Object::getClass).collect(Collectors.toList()));
    }

    private static String names(List<? extends Class<?>> kinds) {
        return kinds.stream().map(k -> Objects.requireNonNull(k).getSimpleName()).collect(Collectors.joining(", ", "[", "]"));
    }
}
