package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.api.Test;

/** {@code "values"} in a fixture must give exactly one value per CPU of a per-CPU map, and only for such a map. */
@BpfObject("maps.o")
class PerCpuValuesTest {
    private static final String KEY = "\"key\": \"00000000\"";

    @ObjectProgram("count") BpfProgram count;
    @Loaded LoadedObject maps;

    private static BpfFixture fixture(String maps, String expectMaps) {
        return BpfFixture.parse("sizes.json", "{\"name\": \"n\", \"program\": \"count\", \"packet\": \"00112233445566778899aabb0800\",\n"
                + " \"maps\": " + maps + ",\n \"expect\": {\"return\": \"XDP_PASS\", \"maps\": " + expectMaps + "}}").get(0);
    }

    @Test
    void oneValuePerCpuGoesInAndIsChecked() {
        BpfFixture fixture = fixture("{\"sizes\": [{" + KEY + ", \"values\": [\"0100000000000000\", \"0200000000000000\", \"0300000000000000\", \"0400000000000000\"]}]}",
                "{\"sizes\": [{" + KEY + ", \"values\": [\"0100000000000000\", \"0200000000000000\", \"0300000000000000\", \"0400000000000000\"]}]}");

        RunResult result = count.run(fixture);

        fixture.check(result, maps);
        assertThat(maps.map("sizes").lookupPerCpu(new byte[4]).orElseThrow()).extracting(v -> v[0]).containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4);
    }

    @Test
    void tooFewValuesNameTheFilePathLineAndBothCounts() {
        BpfFixture fixture = fixture("{\"sizes\": [{" + KEY + ", \"values\": [\"0100000000000000\", \"0200000000000000\"]}]}", "{}");

        assertThatThrownBy(() -> count.run(fixture))
                .isInstanceOf(FixtureFormatException.class)
                .hasMessage("sizes.json: $.maps.sizes[0].values (line 2, column 51): map [sizes] is per-CPU on 4 CPUs, but the fixture gives"
                        + " 2 values; give 4, or a single \"value\" for every CPU");
        assertThat(maps.map("sizes").lookupPerCpu(new byte[4]).orElseThrow()).allSatisfy(v -> assertThat(v).containsOnly(0));
    }

    @Test
    void expectedValuesAreCountedBeforeTheyAreCompared() {
        BpfFixture fixture = fixture("{}", "{\"sizes\": [{" + KEY + ", \"values\": [\"0000000000000000\"]}]}");
        RunResult result = count.run(fixture);

        assertThatThrownBy(() -> fixture.check(result, maps))
                .isInstanceOf(FixtureFormatException.class)
                .hasMessage("sizes.json: $.expect.maps.sizes[0].values (line 3, column 84): map [sizes] is per-CPU on 4 CPUs, but the fixture"
                        + " gives 1 value; give 4, or a single \"value\" for every CPU");
    }

    @Test
    void valuesForAMapThatIsNotPerCpuAreRefused() {
        BpfFixture fixture = fixture("{\"flows\": [{\"key\": \"000000000000000001000000\", \"values\": [\"00000000000000000000000000000000\"]}]}", "{}");

        assertThatThrownBy(() -> count.run(fixture))
                .isInstanceOf(FixtureFormatException.class)
                .hasMessage("sizes.json: $.maps.flows[0].values (line 2, column 67): map [flows] is not per-CPU, but the fixture gives"
                        + " \"values\" (1); give a single \"value\"");
    }

    @Test
    void aSingleValueFillsEveryCpu() {
        BpfFixture fixture = fixture("{\"sizes\": [{" + KEY + ", \"value\": \"0900000000000000\"}]}",
                "{\"sizes\": [{" + KEY + ", \"value\": \"0900000000000000\"}]}");

        fixture.check(count.run(fixture), maps);

        assertThat(maps.map("sizes").lookupPerCpu(new byte[4]).orElseThrow()).hasSize(4).allSatisfy(v -> assertThat(v[0]).isEqualTo((byte) 9));
    }

    @Test
    void entriesKnowWhereTheFixtureGivesThem() {
        BpfFixture.Entry entry = fixture("{\"sizes\": [{" + KEY + ", \"value\": \"0900000000000000\"}]}", "{}").maps().get("sizes").get(0);

        assertThat(entry.where()).isEqualTo("sizes.json: $.maps.sizes[0].value (line 2, column 50)");
        assertThat(new BpfFixture.Entry(new byte[4], List.of(new byte[8]), false).where()).isEmpty();
    }
}
