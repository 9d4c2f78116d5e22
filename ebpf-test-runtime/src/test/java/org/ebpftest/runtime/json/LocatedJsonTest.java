package org.ebpftest.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The located JSON tree: positions, the mistakes it refuses, and errors made by the reader's factory. */
class LocatedJsonTest {

    /** A reader's own exception, to show that every error is made by the factory given at parse time. */
    static final class Mistake extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mistake(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static LocatedJson parse(String json) {
        return LocatedJson.parse("f.json", json, "a thing or an array of them", Mistake::new);
    }

    @Test
    void recordsTheFilePathLineAndColumnOfEveryValue() {
        LocatedJson root = parse("""
                {
                  "maps": {
                    "flows": [1,
                       "two"]
                  }
                }
                """);

        LocatedJson two = root.properties("an object").get("maps").properties("an object").get("flows").elements().get(1);

        assertThat(root.path()).isEqualTo("$");
        assertThat(root.line()).isEqualTo(1);
        assertThat(root.column()).isEqualTo(1);
        assertThat(two.value()).isEqualTo("two");
        assertThat(two.file()).isEqualTo("f.json");
        assertThat(two.path()).isEqualTo("$.maps.flows[1]");
        assertThat(two.line()).isEqualTo(4);
        assertThat(two.column()).isEqualTo(8);
        assertThat(two.where()).isEqualTo("f.json: $.maps.flows[1] (line 4, column 8)");
    }

    @Test
    void keepsPropertiesInFileOrderAndValuesAsJavaValues() {
        LocatedJson root = parse("{\"z\": null, \"a\": true, \"m\": 18446744073709551615, \"b\": 1.5}");

        Map<String, LocatedJson> p = root.properties("an object");

        assertThat(p.keySet()).containsExactly("z", "a", "m", "b");
        assertThat(p.get("z").isNull()).isTrue();
        assertThat(p.get("a").value()).isEqualTo(true);
        assertThat(p.get("b").value()).isEqualTo(1.5);
        assertThat(p.get("m").bits64("a 64-bit value")).isEqualTo(-1L);
    }

    @Test
    void refusesADuplicatePropertyAtItsSecondName() {
        assertThatThrownBy(() -> parse("{\"a\": {\"b\": 1,\n  \"b\": 2}}"))
                .isInstanceOf(Mistake.class)
                .hasMessage("f.json: $.a.b (line 2, column 3): property [b] appears twice");
    }

    @Test
    void refusesContentAfterTheDocument() {
        assertThatThrownBy(() -> parse("{} []"))
                .isInstanceOf(Mistake.class)
                .hasMessage("f.json: $ (line 1, column 4): unexpected content after the end of the document");
    }

    @Test
    void reportsMalformedJsonWithItsPlaceAndPassesJacksonsErrorOn() {
        assertThatThrownBy(() -> parse("{\"a\": }"))
                .isInstanceOf(Mistake.class)
                .hasMessageStartingWith("f.json (line 1, column 7): malformed JSON: Unexpected character ('}'")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }

    @Test
    void namesWhatAnEmptyFileShouldHaveHeld() {
        assertThatThrownBy(() -> parse("  \n"))
                .isInstanceOf(Mistake.class)
                .hasMessage("f.json: empty file; expected a thing or an array of them")
                .hasNoCause();
    }

    @Test
    void refusesUnknownAndMissingPropertiesWithTheFactorysException() {
        LocatedJson root = parse("{\"nmae\": \"x\"}");

        assertThatThrownBy(() -> root.object(Set.of("name", "type"), "name"))
                .isInstanceOf(Mistake.class)
                .hasMessage("f.json: $.nmae (line 1, column 10): unknown property [nmae]; expected one of [name, type]");
        assertThatThrownBy(() -> parse("{}").object(Set.of("name"), "name"))
                .isInstanceOf(Mistake.class)
                .hasMessage("f.json: $ (line 1, column 1): missing property [name]");
        assertThat(parse("{\"type\": 1}").object(Set.of("name", "type")).keySet()).containsExactly("type");
    }

    @Test
    void saysWhatWasExpectedAndWhatWasFound() {
        LocatedJson list = parse("[7, \"\", [], {}, \"" + "x".repeat(50) + "\"]");
        List<LocatedJson> e = list.elements();

        assertThatThrownBy(() -> e.get(0).string()).isInstanceOf(Mistake.class)
                .hasMessage("f.json: $[0] (line 1, column 2): expected a string, found 7");
        assertThatThrownBy(() -> e.get(1).nonEmptyString()).hasMessage("f.json: $[1] (line 1, column 5): expected a non-empty string, found \"\"");
        assertThatThrownBy(() -> e.get(2).properties("an object of names")).hasMessageEndingWith("expected an object of names, found an array");
        assertThatThrownBy(() -> e.get(3).elements()).hasMessageEndingWith("expected an array, found an object");
        assertThat(e.get(4).describe()).isEqualTo("\"" + "x".repeat(40) + "...\"");
        assertThatThrownBy(() -> list.object(Set.of())).hasMessageEndingWith("expected an object, found an array");
    }

    @Test
    void readsIntegersWithinTheirRangeOnly() {
        List<LocatedJson> e = parse("[4294967295, 4294967296, -1, 2.0, \"1\"]").elements();

        assertThat(e.get(0).integer(0, 0xffff_ffffL, "a u32")).isEqualTo(0xffff_ffffL);
        assertThatThrownBy(() -> e.get(1).integer(0, 0xffff_ffffL, "a u32")).isInstanceOf(Mistake.class)
                .hasMessage("f.json: $[1] (line 1, column 14): expected a u32, found 4294967296");
        assertThatThrownBy(() -> e.get(2).integer(0, 10, "a count")).hasMessageEndingWith("expected a count, found -1");
        assertThatThrownBy(() -> e.get(3).integer(0, 10, "a count")).hasMessageEndingWith("expected a count, found 2.0");
        assertThatThrownBy(() -> e.get(4).integer(0, 10, "a count")).hasMessageEndingWith("expected a count, found \"1\"");
    }

    @Test
    void readsSixtyFourBitValuesSignedOrUnsigned() {
        List<LocatedJson> e = parse("[-9223372036854775808, 18446744073709551615, 18446744073709551616, -9223372036854775809]").elements();

        assertThat(e.get(0).bits64("a u64")).isEqualTo(Long.MIN_VALUE);
        assertThat(e.get(1).bits64("a u64")).isEqualTo(-1L);
        assertThatThrownBy(() -> e.get(2).bits64("a u64")).isInstanceOf(Mistake.class)
                .hasMessageEndingWith("expected a u64, found 18446744073709551616");
        assertThatThrownBy(() -> e.get(3).bits64("a u64")).hasMessageEndingWith("expected a u64, found -9223372036854775809");
    }

    @Test
    void anObjectWithAPropertySetKeepsItsPlaceAndTheProperty() {
        LocatedJson root = parse("{\"program\": \"xdp_fw\",\n \"fixtures\": [{\"name\": \"a\"}]}");
        LocatedJson fixture = root.properties("an object").get("fixtures").elements().get(0);
        LocatedJson program = root.properties("an object").get("program");

        LocatedJson withProgram = fixture.withProperty("program", program);

        assertThat(withProgram.where()).isEqualTo(fixture.where());
        assertThat(withProgram.properties("an object").keySet()).containsExactly("name", "program");
        assertThat(withProgram.properties("an object").get("program").where()).isEqualTo("f.json: $.program (line 1, column 13)");
        assertThat(fixture.properties("an object")).containsOnlyKeys("name");
        assertThatThrownBy(() -> withProgram.object(Set.of("name"))).isInstanceOf(Mistake.class)
                .hasMessage("f.json: $.program (line 1, column 13): unknown property [program]; expected one of [name]");
    }
}
