package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the fixture engine's case files: the properties around the fixtures, and the message for each mistake. */
class FixtureFileParsingTest {

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> BpfFixtureFile.parse("cases.json", json))
                .isInstanceOf(FixtureFormatException.class)
                .hasMessage(message);
    }

    @Test
    void readsTheObjectTagsAndEachFixtureWithWhereItStarts() {
        BpfFixtureFile file = BpfFixtureFile.parse("cases.json", """
                {"object": "programs.o", "tags": ["xdp", "fast"],
                 "fixtures": [
                   {"name": "a", "program": "xdp_len", "packet": "00", "expect": {"return": 2}},
                     {"name": "b", "program": "socket_all", "packet": "00", "expect": {"return": 0}}]}
                """);

        assertThat(file.source()).isEqualTo("cases.json");
        assertThat(file.object()).isEqualTo("programs.o");
        assertThat(file.tags()).containsExactly("xdp", "fast");
        assertThat(file.cases()).extracting(c -> c.fixture().name(), BpfFixtureFile.Case::line, BpfFixtureFile.Case::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3, 4), org.assertj.core.groups.Tuple.tuple("b", 4, 6));
        assertThat(file.cases().get(1).fixture().source()).isEqualTo("cases.json");
    }

    @Test
    void aFileWideProgramAppliesToFixturesThatNameNone() {
        BpfFixtureFile file = BpfFixtureFile.parse("cases.json", """
                {"object": "programs.o", "program": "xdp_len",
                 "fixtures": [{"name": "a", "packet": "00", "expect": {"return": 2}},
                              {"name": "b", "program": "socket_all", "packet": "00", "expect": {"return": 0}}]}
                """);

        List<String> programs = file.cases().stream().map(c -> c.fixture().program().orElseThrow()).toList();
        assertThat(programs).containsExactly("xdp_len", "socket_all");
        assertThat(file.tags()).isEmpty();
    }

    @Test
    void theObjectIsRequired() {
        assertRefused("{\"fixtures\": []}", "cases.json: $ (line 1, column 1): missing property [object]");
    }

    @Test
    void unknownPropertiesAreErrorsHereToo() {
        assertRefused("{\"object\": \"x.o\", \"fixture\": []}",
                "cases.json: $.fixture (line 1, column 30): unknown property [fixture]; expected one of [fixtures, object, program, tags, type]");
    }

    @Test
    void aPlainFixtureFileIsNotACaseFile() {
        assertRefused("[{\"name\": \"a\", \"packet\": \"00\", \"expect\": {\"return\": 2}}]",
                "cases.json: $ (line 1, column 1): expected an object with \"object\" and \"fixtures\", found an array");
    }

    @Test
    void thereMustBeFixtures() {
        assertRefused("{\"object\": \"x.o\", \"fixtures\": []}",
                "cases.json: $.fixtures (line 1, column 31): expected a non-empty array of fixtures, found an array");
        assertRefused("{\"object\": \"x.o\", \"fixtures\": [[]]}",
                "cases.json: $.fixtures[0] (line 1, column 32): expected a fixture object, found an array");
    }

    @Test
    void mistakesInsideAFixtureNameTheirFullPath() {
        assertRefused("""
                {"object": "x.o",
                 "fixtures": [{"name": "a", "packet": "00", "expect": {"return": "XDP_PAS"}}]}""",
                "cases.json: $.fixtures[0].expect.return (line 2, column 66): expected a number or an action name such as XDP_PASS,"
                        + " found \"XDP_PAS\"");
    }

    @Test
    void aBadFileWideProgramIsNamedWhereItIs() {
        assertRefused("{\"object\": \"x.o\", \"program\": 7, \"fixtures\": [{\"name\": \"a\", \"packet\": \"00\", \"expect\": {\"return\": 2}}]}",
                "cases.json: $.program (line 1, column 30): expected a non-empty string, found 7");
    }

    @Test
    void fixtureNamesMustBeUniqueBecauseTheyNameTests() {
        assertRefused("""
                {"object": "x.o", "fixtures": [
                  {"name": "a", "packet": "00", "expect": {"return": 2}},
                  {"name": "a", "packet": "01", "expect": {"return": 1}}]}""",
                "cases.json: $.fixtures[1].name (line 3, column 12): fixture name [a] is already used at $.fixtures[0] (line 2);"
                        + " each fixture of a file needs its own name, which names its test");
    }

    @Test
    void tagsMustBeValidTagNames() {
        assertRefused("{\"object\": \"x.o\", \"tags\": [\"a b\"], \"fixtures\": [{\"name\": \"a\", \"packet\": \"00\", \"expect\": {\"return\": 2}}]}",
                "cases.json: $.tags[0] (line 1, column 28): expected a tag name without blanks, ISO control characters or any of"
                        + " , ( ) & | !, found \"a b\"");
    }
}
