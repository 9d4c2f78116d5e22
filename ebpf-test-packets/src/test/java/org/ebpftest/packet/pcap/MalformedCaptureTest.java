package org.ebpftest.packet.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.packet.pcap.PcapRoundTripTest.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ebpftest.packet.Packets;
import org.junit.jupiter.api.Test;

class MalformedCaptureTest {

    private static final String HEADER = "d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000";
    private static final String RECORD_OF_TWO = "00000000 00000000 02000000 02000000 aabb";

    @Test
    void namesTheRecordAndOffsetWhenCapturedLengthExceedsSnapLength() {
        // Two records of 16 + 18 bytes after the 24-byte header put record 3 at 24 + 2 * 34 = 92 = 0x5c.
        String record = "00000000 00000000 12000000 12000000 " + "00".repeat(18);
        byte[] file = hex(HEADER + record + record + "00000000 00000000 70110100 70110100");

        assertThatThrownBy(() -> CaptureFile.read(file, "capture.pcap"))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("capture.pcap: record 3 at offset 0x5c: captured length 70000 exceeds snap length 65535")
                .satisfies(e -> assertThat(((PcapFormatException) e).offset()).isEqualTo(0x5c));
    }

    @Test
    void reportsATruncatedRecordHeader() {
        byte[] file = hex(HEADER + RECORD_OF_TWO + "0000");

        assertThatThrownBy(() -> CaptureFile.read(file, "t.pcap")).isInstanceOf(PcapFormatException.class)
                .hasMessage("t.pcap: record 2 at offset 0x2a: record header needs 16 bytes but 2 remain");
    }

    @Test
    void reportsRecordDataCutShort() {
        byte[] file = hex(HEADER + "00000000 00000000 08000000 08000000 aabb");

        assertThatThrownBy(() -> CaptureFile.read(file, "t.pcap")).isInstanceOf(PcapFormatException.class)
                .hasMessage("t.pcap: record 1 at offset 0x18: captured length 8 but only 2 bytes remain in the file");
    }

    @Test
    void reportsAnUnknownMagic() {
        byte[] file = new byte[24];

        assertThatThrownBy(() -> CaptureFile.read(file, "zero.bin")).isInstanceOf(PcapFormatException.class)
                .hasMessage("zero.bin: file header at offset 0x0: magic 0x00000000 is neither pcap (a1b2c3d4, a1b23c4d)"
                        + " nor pcapng (0a0d0d0a)");
    }

    @Test
    void reportsAFileTooShortForAHeader() {
        assertThatThrownBy(() -> CaptureFile.read(new byte[3], "tiny")).isInstanceOf(PcapFormatException.class)
                .hasMessage("tiny: file header at offset 0x0: file has 3 bytes, too few for a pcap file header (24)"
                        + " or a pcapng section header");
    }

    @Test
    void reportsMicrosecondsOfASecondOrMore() {
        byte[] file = hex(HEADER + "00000000 40420f00 02000000 02000000 aabb");

        assertThatThrownBy(() -> CaptureFile.read(file, "t.pcap")).isInstanceOf(PcapFormatException.class)
                .hasMessage("t.pcap: record 1 at offset 0x18: microseconds 1000000 are a second or more");
    }

    @Test
    void reportsPcapngBlockLengthMismatch() {
        byte[] image = PcapWriter.pcapng().write(List.of(PcapRecord.of(new byte[] {1, 2, 3, 4})));
        image[image.length - 4] = 99;

        assertThatThrownBy(() -> CaptureFile.read(image, "x.pcapng")).isInstanceOf(PcapFormatException.class)
                .hasMessage("x.pcapng: block 3 at offset 0x30: block length 36 at the start but 99 at the end");
    }

    @Test
    void reportsPacketsOnUndescribedInterfaces() {
        byte[] image = PcapWriter.pcapng().write(List.of(PcapRecord.of(new byte[] {1, 2, 3, 4})));
        image[0x30 + 8] = 2;

        assertThatThrownBy(() -> CaptureFile.read(image, "x.pcapng")).isInstanceOf(PcapFormatException.class)
                .hasMessage("x.pcapng: record 1 (block 3) at offset 0x30: refers to interface 2 but the section describes 1");
    }

    @Test
    void reportsAPcapngFileThatIsNotOnlyBlocks() {
        byte[] image = Arrays.copyOf(PcapWriter.pcapng().write(List.of()), 28 + 20 + 5);

        assertThatThrownBy(() -> CaptureFile.read(image, "x.pcapng")).isInstanceOf(PcapFormatException.class)
                .hasMessage("x.pcapng: block 3 at offset 0x30: a block needs at least 12 bytes but 5 remain");
    }

    /** Corrupts valid files thousands of ways; only success or our own exception may come out. */
    @Test
    void survivesThousandsOfCorruptions() {
        List<PcapRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(PcapRecord.of(i * 1_000_000_007L,
                    Packets.ethernet().ipv4().udp().sourcePort(i).payload("x".repeat(i * 3)).build()));
        }
        List<byte[]> valid = List.of(PcapWriter.pcap().write(records),
                PcapWriter.pcap().nanosecondTimestamps().write(records),
                PcapWriter.pcapng().write(records),
                PcapWriter.pcapng().nanosecondTimestamps().write(records),
                hex("0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c"
                        + "| 00000001 00000020 0001 0000 00000004 0009 0001 83000000 0000 0000 00000020"
                        + "| 00000006 00000024 00000000 00000000 000004d2 00000003 00000003 aabbcc00 00000024"
                        + "| 00000003 00000018 00000006 01020304 05060000 00000018"));
        Random random = new Random(20240229);
        int rejected = 0;
        int accepted = 0;
        for (int round = 0; round < 20000; round++) {
            byte[] file = mutate(valid.get(round % valid.size()), random);
            try {
                CaptureFile capture = CaptureFile.read(file, "fuzz");
                for (PcapRecord r : capture.records()) {
                    assertThat(r.capturedLength()).isLessThanOrEqualTo(file.length);
                }
                accepted++;
            } catch (PcapFormatException e) {
                assertThat(e.getMessage()).startsWith("fuzz: ").contains(" at offset 0x");
                rejected++;
            }
        }
        assertThat(rejected).isPositive();
        assertThat(accepted).isPositive();
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] file = valid.clone();
        switch (random.nextInt(4)) {
            case 0:
                return Arrays.copyOf(file, random.nextInt(file.length + 1));
            case 1:
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    file[random.nextInt(file.length)] = (byte) random.nextInt(256);
                }
                return file;
            case 2:
                int at = random.nextInt(file.length - 3);
                int value = random.nextBoolean() ? random.nextInt() : -1 - random.nextInt(16);
                file[at] = (byte) value;
                file[at + 1] = (byte) (value >>> 8);
                file[at + 2] = (byte) (value >>> 16);
                file[at + 3] = (byte) (value >>> 24);
                return file;
            default:
                int cut = random.nextInt(file.length);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] grown = Arrays.copyOf(file, file.length + extra.length);
                System.arraycopy(extra, 0, grown, cut, extra.length);
                System.arraycopy(file, cut, grown, cut + extra.length, file.length - cut);
                return grown;
        }
    }
}
