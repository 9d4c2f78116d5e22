package org.ebpftest.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HexDumpTest {

    @Test
    void dumpsOffsetHexAndAsciiSixteenBytesPerLine() {
        byte[] frame = Hex.bytes(PacketParserTest.UDP_HI);

        String dump = HexDump.of(frame);

        assertThat(dump).isEqualTo(""
                + "0000  02 00 00 00 00 02 02 00  00 00 00 01 08 00 45 00  |..............E.|\n"
                + "0010  00 1e 1c 46 00 00 40 11  da 85 c0 00 02 01 c0 00  |...F..@.........|\n"
                + "0020  02 02 04 d2 00 35 00 0a  0e 66 68 69              |.....5...fhi|\n");
    }

    @Test
    void dumpsNothingForAnEmptyArray() {
        assertThat(HexDump.of(new byte[0])).isEmpty();
    }

    @Test
    void widensOffsetsForLargeBuffers() {
        String dump = HexDump.of(new byte[0x10001]);

        assertThat(dump.lines().reduce((a, b) -> b)).hasValueSatisfying(last -> assertThat(last).startsWith("10000  00"));
        assertThat(dump.lines().findFirst()).hasValueSatisfying(first -> assertThat(first).startsWith("00000  00"));
    }
}
