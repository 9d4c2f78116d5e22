package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.assertions.EbpfAssertions.assertThatDatagram;
import static org.ebpftest.assertions.EbpfAssertions.assertThatFrame;
import static org.ebpftest.assertions.Frames.TCP_SYN;
import static org.ebpftest.assertions.Frames.TCP_SYN_SUMMARY;

import java.util.Arrays;
import org.ebpftest.packet.Ethernet;
import org.ebpftest.packet.Gre;
import org.ebpftest.packet.HexDump;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.Packet;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.Tcp;
import org.ebpftest.packet.Udp;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class PacketAssertTest {

    private static final byte[] TRUNCATED = Arrays.copyOf(TCP_SYN, 44);

    @Test
    void acceptsAPacketWithTheExpectedShape() {
        assertThatFrame(TCP_SYN)
                .hasLength(54)
                .hasLayers(Ethernet.class, Ipv4.class, Tcp.class)
                .doesNotHaveLayer(Udp.class)
                .isNotTruncated()
                .hasNoProblems()
                .hasPayload("");
    }

    @Test
    void reportsTheLengthWithThePacketSummary() {
        assertThatThrownBy(() -> assertThatFrame(TCP_SYN).hasLength(60))
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting length of packet to be: 60 but was: 54\npacket:\n" + TCP_SYN_SUMMARY);
    }

    @Test
    void rejectsANegativeExpectedLength() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThatFrame(TCP_SYN).hasLength(-1))
                .withMessage("expected length must be between 0 and 2147483647 but was -1");
    }

    @Test
    void reportsLayersByClassName() {
        assertThat(Thrown.headline(() -> assertThatFrame(TCP_SYN).hasLayers(Ethernet.class, Ipv4.class, Udp.class)))
                .isEqualTo("Expecting layers of packet to be: [Ethernet, Ipv4, Udp] but were: [Ethernet, Ipv4, Tcp]");
    }

    @Test
    void reportsALayerThatShouldBeGone() {
        assertThat(Thrown.headline(() -> assertThatFrame(TCP_SYN).doesNotHaveLayer(Tcp.class)))
                .isEqualTo("Expecting packet not to have a Tcp layer but its layers were: [Ethernet, Ipv4, Tcp]");
    }

    @Test
    void reportsTruncationWithWhatIsMissing() {
        assertThat(Thrown.headline(() -> assertThatFrame(TRUNCATED).isNotTruncated()))
                .isEqualTo("Expecting packet not to be truncated but it was: "
                        + "IPv4 at offset 14 truncated: total length 40 but 30 bytes remain; "
                        + "TCP header truncated at offset 34: needs 20 bytes but 10 remain");
    }

    @Test
    void reportsProblemsOtherThanTruncation() {
        byte[] badUdpLength = Packets.ethernet().ipv4().udp().length(7).payload("hi").build();

        assertThatFrame(badUdpLength).isNotTruncated();
        assertThat(Thrown.headline(() -> assertThatFrame(badUdpLength).hasNoProblems()))
                .isEqualTo("Expecting packet to have no problems but it had: UDP at offset 34: length 7 is below the header size 8");
    }

    @Test
    void acceptsAnIdenticalFrameOrPacket() {
        assertThatFrame(TCP_SYN).isEqualTo(TCP_SYN.clone()).isEqualTo(Packet.parse(TCP_SYN)).isEqualTo((Object) TCP_SYN);
    }

    @Test
    void explainsAFrameDifferenceFieldByField() {
        byte[] expected = Frames.withByte(TCP_SYN, 22, -1);

        assertThatThrownBy(() -> assertThatFrame(TCP_SYN).isEqualTo(expected))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("\nExpecting packet to be equal to the expected frame but frames differ:"
                        + " 1 difference (expected 54 bytes, actual 54 bytes)\n"
                        + "  offset 0x16 (22): IPv4 ttl: expected 0x3f but was 0x40\n"
                        + "\n"
                        + "- 0010  00 28 00 00 40 00 3f 06  26 6d 0a 00 00 01 0a 00  |.(..@.?.&m......|\n"
                        + "+ 0010  00 28 00 00 40 00 40 06  26 6d 0a 00 00 01 0a 00  |.(..@.@.&m......|\n"
                        + "                          ^^\n"
                        + "actual packet:\n" + TCP_SYN_SUMMARY);
    }

    @Test
    void givesIdesBothHexDumpsToCompare() {
        byte[] expected = Frames.withByte(TCP_SYN, 22, -1);

        AssertionFailedError error = (AssertionFailedError) org.assertj.core.api.Assertions.catchThrowable(
                () -> assertThatFrame(TCP_SYN).isEqualTo(Packet.parse(expected)));

        assertThat(error.getExpected().getValue()).isEqualTo(HexDump.of(expected));
        assertThat(error.getActual().getValue()).isEqualTo(HexDump.of(TCP_SYN));
    }

    @Test
    void comparesADatagramWithIpFieldNames() {
        byte[] datagram = Packets.ipv6().hopLimit(64).udp().build();
        byte[] expected = Packets.ipv6().hopLimit(63).udp().build();

        assertThat(Thrown.message(() -> assertThatDatagram(datagram).isEqualTo(expected)))
                .contains("offset 0x7 (7): IPv6 hop limit: expected 0x3f but was 0x40");
    }

    @Test
    void keepsPercentSignsOfPayloadsInMessages() {
        byte[] frame = Packets.ethernet().ipv4().udp().payload("100%d").build();

        assertThat(Thrown.headline(() -> assertThatFrame(frame).hasPayload("100%s")))
                .isEqualTo("Expecting payload of packet to be: \"100%s\" (5 bytes) but was: \"100%d\" (5 bytes);"
                        + " first difference at payload offset 4 (frame offset 46)");
    }

    @Test
    void checksThePayloadAsBytes() {
        assertThatFrame(Frames.UDP.bytes()).hasPayload(new byte[] {'h', 'i'});

        assertThat(Thrown.headline(() -> assertThat(Frames.UDP).hasPayload(new byte[] {'h', 'o', 0})))
                .isEqualTo("Expecting payload of packet to be: 0x686f00 (3 bytes) but was: 0x6869 (2 bytes);"
                        + " first difference at payload offset 1 (frame offset 43)");
    }

    @Test
    void handsThePayloadToAByteArrayAssertion() {
        assertThat(Frames.UDP).payload().asString().isEqualTo("hi");

        assertThat(Thrown.message(() -> assertThat(Frames.UDP).payload().hasSize(3)))
                .startsWith("[payload of packet] \nExpected size: 3 but was: 2");
    }

    @Test
    void reportsAMissingHeaderWithThePacketSummary() {
        assertThatThrownBy(() -> assertThatFrame(TCP_SYN).udp())
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting packet to have a Udp layer but its layers were: [Ethernet, Ipv4, Tcp]\npacket:\n"
                        + TCP_SYN_SUMMARY);
    }

    @Test
    void reportsAMissingInnerHeaderByIndex() {
        assertThat(Thrown.headline(() -> assertThatFrame(TCP_SYN).ipv4(1)))
                .isEqualTo("Expecting packet to have at least 2 Ipv4 layers (index 1) but its layers were: [Ethernet, Ipv4, Tcp]");
    }

    @Test
    void rejectsANegativeLayerIndex() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThatFrame(TCP_SYN).ipv4(-1))
                .withMessage("layer index must be between 0 and 2147483647 but was -1");
    }

    @Test
    void reportsAHeaderFieldWithThePacketSummary() {
        assertThatThrownBy(() -> assertThatFrame(TCP_SYN).ipv4().hasTtl(63))
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting IPv4 ttl of packet to be: 63 but was: 64\npacket:\n" + TCP_SYN_SUMMARY);
    }

    @Test
    void goesBackToThePacketWithAnd() {
        assertThatFrame(TCP_SYN).ipv4().hasTtl(64).and().tcp().hasDestinationPort(80).and().hasLength(54);

        assertThat(Thrown.headline(() -> assertThatFrame(TCP_SYN).ipv4().hasTtl(64).and().tcp().hasDestinationPort(8080)))
                .isEqualTo("Expecting TCP destination port of packet to be: 8080 but was: 80");
    }

    @Test
    void refusesToGoBackFromAHeaderAssertionMadeOnItsOwn() {
        Ipv4Assert standalone = new Ipv4Assert(Packet.parse(TCP_SYN).layer(Ipv4.class));

        standalone.hasTtl(64);
        assertThatIllegalStateException().isThrownBy(standalone::and).withMessageContaining("start from assertThat(packet)");
        assertThat(Thrown.message(() -> standalone.hasTtl(1))).isEqualTo("Expecting IPv4 ttl of packet to be: 1 but was: 64");
    }

    @Test
    void carriesTheDescriptionOnToHeaderAssertions() {
        assertThat(Thrown.headline(() -> assertThatFrame(TCP_SYN).as("after xdp_fw").tcp().hasSourcePort(1)))
                .isEqualTo("[after xdp_fw] ");
        assertThat(Thrown.message(() -> assertThatFrame(TCP_SYN).as("after xdp_fw").tcp().hasSourcePort(1)))
                .startsWith("[after xdp_fw] \nExpecting TCP source port of packet to be: 1 but was: 12345\n");
    }

    @Test
    void failsOnANullPacketLikeAssertJ() {
        assertThat(Thrown.message(() -> assertThatFrame(null).hasLength(1))).isEqualTo("Expecting actual not to be null");
    }

    @Test
    void failsAtTheTestsLineNotInsideTheAssertions() {
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> assertThatFrame(TCP_SYN).ipv4().hasTtl(1));

        assertThat(error.getStackTrace()[0].getClassName()).startsWith(PacketAssertTest.class.getName());
    }

    @Test
    void offersAssertjsObjectAssertionsOnAHeader() {
        assertThatFrame(TCP_SYN).tcp().extracting(Tcp::urgentPointer).isEqualTo(0);
    }

    @Test
    void navigatesToEveryTunnelHeader() {
        Packet packet = Packets.ethernet().ipv4().gre().key(5).ethernet().ipv4().udp().payload("y").buildPacket();

        assertThat(packet).hasLayers(Ethernet.class, Ipv4.class, Gre.class, Ethernet.class, Ipv4.class, Udp.class)
                .ethernet(1).and().ipv4(1).and().gre().hasKey(5);
    }
}
