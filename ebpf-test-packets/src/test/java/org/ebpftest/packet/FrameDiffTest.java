package org.ebpftest.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameDiffTest {

    private static byte[] decrementTtlWithoutChecksumFix(byte[] frame) {
        byte[] copy = frame.clone();
        copy[22]--;
        return copy;
    }

    @Test
    void namesTheFieldOfASingleChangedByte() {
        byte[] expected = Hex.bytes(PacketParserTest.TCP_SYN);
        byte[] actual = decrementTtlWithoutChecksumFix(expected);

        FrameDiff diff = FrameDiff.of(expected, actual);

        assertThat(diff.isEmpty()).isFalse();
        assertThat(diff.differences()).singleElement().hasToString("offset 0x16 (22): IPv4 ttl: expected 0x40 but was 0x3f");
    }

    @Test
    void rendersAStableReportWithMarkedRows() {
        byte[] expected = Hex.bytes(PacketParserTest.TCP_SYN);
        byte[] actual = Packets.ethernet().ipv4().source("10.0.0.1").destination("10.0.0.99").ttl(63)
                .tcp().sourcePort(12345).destinationPort(80).flags(TcpFlag.SYN).build();

        String report = FrameDiff.of(expected, actual).toString();

        assertThat(report).isEqualTo(""
                + "frames differ: 2 differences (expected 54 bytes, actual 54 bytes)\n"
                + "  offset 0x16 (22): IPv4 ttl: expected 0x40 but was 0x3f\n"
                + "  offset 0x18 (24): IPv4 header checksum: expected 0x266d but was 0x276d\n"
                + "\n"
                + "- 0010  00 28 00 00 40 00 40 06  26 6d 0a 00 00 01 0a 00  |.(..@.@.&m......|\n"
                + "+ 0010  00 28 00 00 40 00 3f 06  27 6d 0a 00 00 01 0a 00  |.(..@.?.'m......|\n"
                + "                          ^^     ^^\n");
    }

    @Test
    void reportsAMissingTailWithTheFieldItShouldHaveHeld() {
        byte[] expected = Packets.ethernet().ipv4().udp().payload("abcd").build();
        byte[] actual = Arrays.copyOf(expected, expected.length - 2);

        FrameDiff diff = FrameDiff.of(expected, actual);

        assertThat(diff.differences()).singleElement()
                .hasToString("offset 0x2c (44): payload: expected 2 more bytes 0x6364 but the actual frame ends");
        assertThat(diff.toString()).contains("- 0020  ", "+ 0020  ");
    }

    @Test
    void namesTheFirstAndLastFieldOfAMissingTail() {
        byte[] expected = Packets.ethernet().ipv4().udp().payload("abcd").build();
        byte[] actual = Arrays.copyOf(expected, 40); // UDP starts at 34, so its checksum at 40

        FrameDiff diff = FrameDiff.of(expected, actual);

        assertThat(diff.differences()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("UDP checksum .. payload");
            assertThat(d.length()).isEqualTo(6);
            assertThat(d.actual()).isEmpty();
        });
    }

    @Test
    void reportsExtraBytesInTheActualFrame() {
        byte[] expected = Hex.bytes(PacketParserTest.TCP_SYN);
        byte[] actual = Arrays.copyOf(expected, 60);

        FrameDiff diff = FrameDiff.of(expected, actual);

        assertThat(diff.differences()).singleElement()
                .hasToString("offset 0x36 (54): beyond end of expected frame: actual frame has 6 extra bytes 0x000000000000");
    }

    @Test
    void groupsRunsOfPayloadBytesAndShortensLongValues() {
        byte[] expected = Packets.ethernet().ipv4().udp().payload("a".repeat(40)).build();
        byte[] actual = Packets.ethernet().ipv4().udp().checksum(
                Packet.parse(expected).layer(Udp.class).checksum()).payload("a".repeat(40)).build();
        for (int i = 50; i < 70; i++) {
            actual[i] = 'b';
        }

        FrameDiff diff = FrameDiff.of(expected, actual);

        assertThat(diff.differences()).singleElement().hasToString("offset 0x32 (50): payload: expected "
                + "0x61616161616161616161616161616161... (20 bytes) but was 0x62626262626262626262626262626262... (20 bytes)");
    }

    @Test
    void saysSoWhenFramesAreIdentical() {
        byte[] frame = Hex.bytes(PacketParserTest.TCP_SYN);

        FrameDiff diff = FrameDiff.of(frame, frame.clone());

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff).hasToString("frames are identical (54 bytes)");
    }

    @Test
    void namesInnerHeadersOfTunnelsByOccurrence() {
        byte[] expected = Packets.ethernet().ipv4().ipip().ttl(9).udp().build();
        byte[] actual = expected.clone();
        int innerTtl = Packet.parse(expected).layer(Ipv4.class, 1).offset() + 8;
        actual[innerTtl] = 8;

        FrameDiff diff = FrameDiff.of(expected, actual);

        assertThat(diff.differences()).extracting(FrameDiff.Difference::field).containsExactly("IPv4 #2 ttl");
    }
}
