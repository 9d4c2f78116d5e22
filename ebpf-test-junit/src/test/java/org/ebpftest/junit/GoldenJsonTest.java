package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How golden files lay out their JSON. */
class GoldenJsonTest {

    @Test
    void smallObjectsOfPlainValuesStayOnOneLineAndTheRestIsIndented() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("return", ordered("value", 2, "action", "XDP_PASS"));
        doc.put("lines", List.of("0000  01 02", "0010  03"));
        doc.put("cb", List.of(1, 2, 3));
        doc.put("empty", Map.of());
        doc.put("none", List.of());
        doc.put("nested", ordered("inner", ordered("flag", true)));

        assertThat(GoldenJson.write(doc)).isEqualTo("""
                {
                  "return": {"value": 2, "action": "XDP_PASS"},
                  "lines": [
                    "0000  01 02",
                    "0010  03"
                  ],
                  "cb": [1, 2, 3],
                  "empty": {},
                  "none": [],
                  "nested": {
                    "inner": {"flag": true}
                  }
                }
                """);
    }

    @Test
    void objectsTooWideForOneLineAreIndented() {
        Map<String, Object> doc = ordered("a", "x".repeat(50), "b", "y".repeat(50));

        assertThat(GoldenJson.write(doc)).isEqualTo("{\n  \"a\": \"" + "x".repeat(50) + "\",\n  \"b\": \"" + "y".repeat(50) + "\"\n}\n");
    }

    @Test
    void stringsAreEscapedSoEveryValueStaysOnItsLine() {
        assertThat(GoldenJson.write(List.of("say \"hi\"\\n\tnow\n\u0001\u007f é")))
                .isEqualTo("[\n  \"say \\\"hi\\\"\\\\n\\tnow\\n\\u0001\\u007f é\"\n]\n");
    }

    @Test
    void hexOfUpToSixteenBytesIsOneStringAndLongerIsOffsetLines() {
        byte[] seventeen = new byte[17];
        seventeen[16] = (byte) 0xab;

        assertThat(HexLines.value(new byte[] {1, 0, (byte) 0xff})).isEqualTo("01 00 ff");
        assertThat(HexLines.value(seventeen)).isEqualTo(List.of("0000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00", "0010  ab"));
        assertThat(HexLines.lines(new byte[0x10001]).get(0x1000)).startsWith("10000  00");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
