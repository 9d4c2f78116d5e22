package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading fixture files: the model they give, and the message for each kind of mistake. */
class FixtureParsingTest {

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> BpfFixture.parse("flows.json", json))
                .isInstanceOf(FixtureFormatException.class)
                .hasMessage(message);
    }

    @Test
    void readsEveryPropertyOfAFixture() {
        List<BpfFixture> fixtures = BpfFixture.parse("flows.json", """
                {"name": "counted", "program": "count", "packet": "00 11:22", "metadata": "aabb",
                 "skb": {"mark": 1, "priority": 2, "ifindex": 3, "cb": [1, 2, 3, 4, 4294967295]},
                 "maps": {"flows": [{"key": "01", "value": "02"}], "sizes": [{"key": "00", "values": ["01", "02"]}]},
                 "expect": {"return": "TC_ACT_SHOT", "packet": "0011", "maps": {"flows": [{"key": "01", "value": "03"}]}}}
                """);

        assertThat(fixtures).hasSize(1);
        BpfFixture f = fixtures.get(0);
        assertThat(f.name()).isEqualTo("counted");
        assertThat(f.source()).isEqualTo("flows.json");
        assertThat(f.program()).contains("count");
        assertThat(f.packet()).containsExactly(0x00, 0x11, 0x22);
        assertThat(f.metadata()).containsExactly(0xaa, 0xbb);
        assertThat(f.skb().orElseThrow()).isEqualTo(new BpfFixture.Skb(1, 2, 3, List.of(1, 2, 3, 4, -1)));
        assertThat(f.maps()).containsOnlyKeys("flows", "sizes");
        assertThat(f.maps().get("sizes").get(0).perCpu()).isTrue();
        assertThat(f.maps().get("sizes").get(0).values()).hasSize(2);
        assertThat(f.expect().returnValue()).isEqualTo(2);
        assertThat(f.expect().returnName()).contains("TC_ACT_SHOT");
        assertThat(f.expect().packet().orElseThrow()).containsExactly(0x00, 0x11);
        assertThat(f.expect().maps().get("flows").get(0).values().get(0)).containsExactly(0x03);
    }

    @Test
    void anArrayFileHoldsSeveralFixturesAndBase64Packets() {
        List<BpfFixture> fixtures = BpfFixture.parse("flows.json", """
                [{"name": "a", "packet": {"base64": "AAEC"}, "expect": {"return": 2}},
                 {"name": "b", "packet": "", "expect": {"return": "XDP_DROP"}}]
                """);

        assertThat(fixtures).extracting(BpfFixture::name).containsExactly("a", "b");
        assertThat(fixtures.get(0).packet()).containsExactly(0, 1, 2);
        assertThat(fixtures.get(0).program()).isEmpty();
        assertThat(fixtures.get(1).expect().returnValue()).isEqualTo(1);
    }

    @Test
    void aMisspeltActionNamesThePathLineAndColumn() {
        assertRefused("""
                [{"name": "a", "packet": "00", "expect": {"return": 2}},
                 {"name": "b", "packet": "00",
                  "expect": {"return": "XDP_PAS"}}]""",
                "flows.json: $[1].expect.return (line 3, column 24): expected a number or an action name such as XDP_PASS, found \"XDP_PAS\"");
    }

    @Test
    void anUnknownPropertyIsAnError() {
        assertRefused("{\"name\": \"a\", \"packet\": \"00\", \"expect\": {\"retrun\": 2}}",
                "flows.json: $.expect.retrun (line 1, column 52): unknown property [retrun]; expected one of [maps, packet, return]");
    }

    @Test
    void aMissingPropertyIsNamed() {
        assertRefused("{\"name\": \"a\", \"packet\": \"00\"}", "flows.json: $ (line 1, column 1): missing property [expect]");
    }

    @Test
    void badHexIsRefused() {
        assertRefused("{\"name\": \"a\", \"packet\": \"0g\", \"expect\": {\"return\": 2}}",
                "flows.json: $.packet (line 1, column 25): expected hex bytes such as \"0a1b2c\", found \"0g\"");
    }

    @Test
    void aMapEntryNeedsOneKindOfValue() {
        assertRefused("{\"name\": \"a\", \"packet\": \"00\", \"maps\": {\"m\": [{\"key\": \"00\"}]}, \"expect\": {\"return\": 2}}",
                "flows.json: $.maps.m[0] (line 1, column 46): expected either \"value\" (hex) or \"values\" (hex per CPU), found neither");
    }

    @Test
    void cbNeedsFiveWords() {
        assertRefused("{\"name\": \"a\", \"packet\": \"00\", \"skb\": {\"cb\": [1]}, \"expect\": {\"return\": 2}}",
                "flows.json: $.skb.cb (line 1, column 45): expected an array of 5 numbers, found an array");
    }

    @Test
    void malformedJsonGivesJacksonsReasonAndWhere() {
        assertThatThrownBy(() -> BpfFixture.parse("flows.json", "{\"name\": \"a\",}"))
                .isInstanceOf(FixtureFormatException.class)
                .hasMessageStartingWith("flows.json (line 1, column 14): malformed JSON: Unexpected character ('}'");
    }

    @Test
    void aPatternMatchingNothingIsRefused() {
        assertThatThrownBy(() -> BpfFixture.fromClassPath("fixtures/*.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fixtures [fixtures/*.yaml] not found on the class path: looked for [fixtures/*.yaml];"
                        + " put the JSON files in the test resources, or give a file with \"file:path/to/file.json\"");
    }
}
