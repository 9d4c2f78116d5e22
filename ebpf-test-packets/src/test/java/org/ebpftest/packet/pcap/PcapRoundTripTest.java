package org.ebpftest.packet.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapRoundTripTest {

    static byte[] hex(String text) {
        String digits = text.replaceAll("[\\s|]", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    private static final byte[] SYN = Packets.ethernet().ipv4().source("10.0.0.1").destination("10.0.0.2")
            .tcp().sourcePort(1000).destinationPort(80).flags(TcpFlag.SYN).build();
    private static final byte[] UDP = Packets.ethernet().ipv4().udp().destinationPort(53).payload("q").build();

    @Test
    void writesTheClassicLittleEndianMicrosecondLayout() {
        byte[] frame = {1, 2, 3};
        PcapRecord record = new PcapRecord(1_700_000_000_123_456_789L, 60, frame, LinkType.ETHERNET, 0);

        byte[] file = PcapWriter.pcap().write(List.of(record));

        // 1700000000 = 0x6553f100, 123456 us = 0x0001e240
        assertThat(file).isEqualTo(hex("d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000"
                + "| 00f15365 40e20100 03000000 3c000000 | 010203"));
    }

    @Test
    void readsBackWhatItWritesWithMicrosecondPrecision() {
        List<PcapRecord> records = List.of(PcapRecord.of(1_000_000_001_500L, SYN), PcapRecord.of(2_000_000_000L, UDP));

        CaptureFile file = CaptureFile.read(PcapWriter.pcap().write(records), "trip.pcap");

        assertThat(file.format()).isEqualTo(CaptureFile.Format.PCAP);
        assertThat(file.linkType()).isEqualTo(LinkType.ETHERNET);
        assertThat(file.records()).hasSize(2);
        assertThat(file.records().get(0).data()).isEqualTo(SYN);
        assertThat(file.records().get(0).timestampNanos()).isEqualTo(1_000_000_001_000L);
        assertThat(file.records().get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(2));
        assertThat(file.records().get(1).packet().layer(Ipv4.class).checksumValid()).isTrue();
    }

    @Test
    void keepsNanosecondsWithTheNanosecondMagic() {
        List<PcapRecord> records = List.of(PcapRecord.of(1_000_000_001_234L, SYN));

        byte[] image = PcapWriter.pcap().nanosecondTimestamps().write(records);

        assertThat(image).startsWith(hex("4d3cb2a1"));
        assertThat(CaptureFile.read(image, "n.pcap").records().get(0).timestampNanos()).isEqualTo(1_000_000_001_234L);
    }

    @Test
    void readsBigEndianClassicFiles() {
        byte[] file = hex("a1b2c3d4 0002 0004 00000000 00000000 0000ffff 00000065"
                + "| 00000001 00000002 00000004 00000028 | 45000028");

        CaptureFile capture = CaptureFile.read(file, "be.pcap");

        PcapRecord record = capture.records().get(0);
        assertThat(capture.linkType()).isEqualTo(LinkType.RAW);
        assertThat(record.timestampNanos()).isEqualTo(1_000_002_000L);
        assertThat(record.originalLength()).isEqualTo(40);
        assertThat(record.data()).containsExactly(0x45, 0, 0, 0x28);
        assertThat(record.isSnapped()).isTrue();
    }

    @Test
    void setsTheLinkTypeAndSnapLength() {
        byte[] datagram = Packets.ipv4().udp().build();

        byte[] image = PcapWriter.pcap().linkType(LinkType.RAW).snapLength(100).write(List.of(PcapRecord.of(datagram)));

        CaptureFile file = CaptureFile.read(image, "raw.pcap");
        assertThat(file.interfaces()).containsExactly(new CaptureFile.Interface(LinkType.RAW, 100, 6));
        assertThat(file.records().get(0).packet().layers()).extracting(l -> l.name()).containsExactly("IPv4", "UDP");
    }

    @Test
    void refusesToWriteRecordsLongerThanTheSnapLength() {
        assertThatThrownBy(() -> PcapWriter.pcap().snapLength(10).write(List.of(PcapRecord.of(SYN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("record 1 has 54 captured bytes, more than the snap length 10");
    }

    @Test
    void roundTripsPcapngInBothResolutions() {
        List<PcapRecord> records = List.of(PcapRecord.of(1_600_000_000_000_000_123L, SYN), PcapRecord.of(UDP));

        CaptureFile micro = CaptureFile.read(PcapWriter.pcapng().write(records), "a.pcapng");
        CaptureFile nano = CaptureFile.read(PcapWriter.pcapng().nanosecondTimestamps().write(records), "b.pcapng");

        assertThat(micro.format()).isEqualTo(CaptureFile.Format.PCAPNG);
        assertThat(micro.records()).extracting(PcapRecord::timestampNanos).containsExactly(1_600_000_000_000_000_000L, 0L);
        assertThat(nano.records()).extracting(PcapRecord::timestampNanos).containsExactly(1_600_000_000_000_000_123L, 0L);
        assertThat(nano.records().get(0).data()).isEqualTo(SYN);
        assertThat(nano.records().get(1).data()).isEqualTo(UDP);
        assertThat(nano.interfaces()).containsExactly(new CaptureFile.Interface(LinkType.ETHERNET, 262144, 9));
    }

    /**
     * A big-endian pcapng file written by hand: section header, an unknown block (skipped), an
     * interface with if_tsresol 3 (milliseconds) and snap length 4, an enhanced packet and a simple one.
     */
    @Test
    void readsBigEndianPcapngAndSkipsUnknownBlocks() {
        byte[] file = hex("0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c"
                + "| 00000bad 00000010 cafebabe 00000010"
                + "| 00000001 00000020 0001 0000 00000004 0009 0001 03000000 0000 0000 00000020"
                + "| 00000006 00000024 00000000 00000000 000004d2 00000003 00000003 aabbcc00 00000024"
                + "| 00000003 00000018 00000006 01020304 05060000 00000018");

        CaptureFile capture = CaptureFile.read(file, "be.pcapng");

        assertThat(capture.interfaces()).containsExactly(new CaptureFile.Interface(LinkType.ETHERNET, 4, 3));
        assertThat(capture.records()).hasSize(2);
        assertThat(capture.records().get(0).timestampNanos()).isEqualTo(1_234_000_000L);
        assertThat(capture.records().get(0).data()).containsExactly(0xaa, 0xbb, 0xcc);
        assertThat(capture.records().get(1).originalLength()).isEqualTo(6);
        assertThat(capture.records().get(1).data()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void readsSectionsWithTheirOwnByteOrderAndInterfaces() {
        byte[] little = PcapWriter.pcapng().linkType(LinkType.RAW).write(List.of(PcapRecord.of(new byte[] {0x45})));
        byte[] big = hex("0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c"
                + "| 00000001 00000014 0001 0000 00000000 00000014"
                + "| 00000006 00000024 00000000 00000000 00000001 00000003 00000003 aabbcc00 00000024");
        byte[] both = new byte[little.length + big.length];
        System.arraycopy(little, 0, both, 0, little.length);
        System.arraycopy(big, 0, both, little.length, big.length);

        CaptureFile capture = CaptureFile.read(both, "two-sections.pcapng");

        assertThat(capture.interfaces()).extracting(CaptureFile.Interface::linkType)
                .containsExactly(LinkType.RAW, LinkType.ETHERNET);
        assertThat(capture.records()).extracting(PcapRecord::interfaceIndex).containsExactly(0, 1);
        assertThat(capture.records()).extracting(PcapRecord::linkType).containsExactly(LinkType.RAW, LinkType.ETHERNET);
        assertThat(capture.records().get(1).timestampNanos()).isEqualTo(1_000L);
    }

    @Test
    void writesAndReadsFiles(@TempDir Path dir) {
        Path path = dir.resolve("out.pcapng");

        PcapWriter.pcapng().write(path, List.of(PcapRecord.of(SYN)));

        CaptureFile file = CaptureFile.read(path);
        assertThat(file.name()).isEqualTo("out.pcapng");
        assertThat(file.records()).singleElement().satisfies(r -> assertThat(r.data()).isEqualTo(SYN));
    }
}
