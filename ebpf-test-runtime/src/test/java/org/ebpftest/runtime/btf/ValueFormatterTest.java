package org.ebpftest.runtime.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.junit.jupiter.api.Test;

/** The one formatter for map contents, with the options golden files, describe and messages choose. */
class ValueFormatterTest {
    private static final byte[] ONE_PACKET = {1, 0, 0, 0, 0, 0, 0, 0, 74, 0, 0, 0, 0, 0, 0, 0};

    private static Btf mapsBtf() throws IOException {
        try (InputStream in = ValueFormatterTest.class.getResourceAsStream("/elf/maps.o")) {
            return ObjectSpec.parse("maps.o", in.readAllBytes()).btf().orElseThrow();
        }
    }

    private static int counters(Btf btf) {
        return btf.find("counters", BtfKind.STRUCT).orElseThrow().id();
    }

    @Test
    void printsThroughTheTypeWhenTheBytesFitItAndAsHexWhenNot() throws IOException {
        Btf btf = mapsBtf();
        ValueFormatter format = ValueFormatter.of(btf);

        assertThat(format.text(counters(btf), ONE_PACKET)).isEqualTo("{pkts=1, bytes=74}");
        assertThat(format.btfText(counters(btf), new byte[3])).isEmpty();
        assertThat(format.text(counters(btf), new byte[] {0x0a, 0, 0, 1})).isEqualTo("0a000001");
        assertThat(format.text(0, new byte[] {(byte) 0xff})).as("type id 0 is no type").isEqualTo("ff");
    }

    @Test
    void withoutTypesEverythingIsHexAndNoBytesSayEmpty() {
        assertThat(ValueFormatter.of(Optional.empty()).text(5, new byte[] {1, 2})).isEqualTo("0102");
        assertThat(ValueFormatter.HEX.btfText(5, new byte[] {1, 2})).isEmpty();
        assertThat(ValueFormatter.HEX.hex(new byte[0])).isEqualTo("(empty)");
    }

    @Test
    void perCpuValuesAreNumberedByCpuAndASingleValueStandsAlone() throws IOException {
        Btf btf = mapsBtf();
        ValueFormatter format = ValueFormatter.of(btf);

        assertThat(format.perCpuText(counters(btf), List.of(ONE_PACKET, new byte[16])))
                .isEqualTo("[cpu0={pkts=1, bytes=74}, cpu1={pkts=0, bytes=0}]");
        assertThat(format.perCpuText(counters(btf), List.of(ONE_PACKET))).isEqualTo("{pkts=1, bytes=74}");
        assertThat(ValueFormatter.HEX.withoutCpuNumbers().perCpuText(0, List.of(new byte[] {1}, new byte[] {0})))
                .as("as fixture mismatches list them").isEqualTo("[01, 00]");
    }

    @Test
    void hexIsCutOnlyWhenAskedTo() {
        byte[] big = new byte[70];

        assertThat(ValueFormatter.HEX.hex(big)).hasSize(140);
        assertThat(ValueFormatter.HEX.cuttingHexAfter(64).hex(big)).hasSize(131).endsWith("00...");
        assertThatIllegalArgumentException().isThrownBy(() -> ValueFormatter.HEX.cuttingHexAfter(0))
                .withMessage("maxBytes must be positive, was 0");
    }
}
