package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Fixture files run as parameterized tests against the test objects. */
@BpfObject("programs.o")
@BpfObject("maps.o")
class FixtureRunTest {

    @ParameterizedTest
    @FixtureSource("fixtures/*.json")
    void fixturesHoldOnTheirPrograms(BpfFixture fixture, @Loaded(object = "programs.o") LoadedObject programs,
            @Loaded(object = "maps.o") LoadedObject maps) {
        LoadedObject object = fixture.program().orElseThrow().equals("count") ? maps : programs;

        RunResult result = fixture.runOn(object);

        fixture.check(result, object);
    }

    @org.junit.jupiter.api.Test
    void everyFixtureOfTheGlobIsAnInvocationNamedAfterIt() {
        EngineExecutionResults results = Fixtures.run(PassingFixtures.class);

        assertThat(results.testEvents().succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("[1] known flow is counted", "[2] short frame passes", "[3] long frame is dropped",
                        "[4] 99-byte frame is the longest that passes");
    }

    @org.junit.jupiter.api.Test
    void aFailingFixtureListsEveryMismatch() {
        assertThat(Fixtures.failureMessages(FailingFixture.class)).containsExactly("""
                fixture [long frame wrongly expected to pass] in [failing/wrong.json] on [programs.o]:
                  return value: expected XDP_PASS (2) but was XDP_DROP (1)""");
    }

    @org.junit.jupiter.api.Test
    void aWrongReturnValueIsNamedOnBothSidesAsTheProgramTypeNamesIt(@Loaded(object = "programs.o") LoadedObject programs) {
        String frame = "\"" + "00".repeat(60) + "\"";
        String longFrame = "\"" + "00".repeat(120) + "\"";

        assertThat(returnMismatch(programs, "xdp_len", longFrame, "2")).isEqualTo("expected XDP_PASS (2) but was XDP_DROP (1)");
        assertThat(returnMismatch(programs, "xdp_len", longFrame, "7")).isEqualTo("expected 7 but was XDP_DROP (1)");
        assertThat(returnMismatch(programs, "tc_mark", frame, "\"TC_ACT_SHOT\"")).isEqualTo("expected TC_ACT_SHOT (2) but was TC_ACT_OK (0)");
        assertThat(returnMismatch(programs, "tc_mark", frame, "-1")).isEqualTo("expected TC_ACT_UNSPEC (-1) but was TC_ACT_OK (0)");
        // a socket filter's return value is a length, named only after the names the fixture used
        assertThat(returnMismatch(programs, "socket_all", frame, "0")).isEqualTo("expected 0 but was 46");
        assertThat(returnMismatch(programs, "socket_all", "\"" + "00".repeat(15) + "\"", "\"SK_DROP\""))
                .isEqualTo("expected SK_DROP (0) but was SK_PASS (1)");
    }

    private static String returnMismatch(LoadedObject object, String program, String packet, String expected) {
        BpfFixture fixture = BpfFixture.parse("x.json", "{\"name\": \"n\", \"program\": \"" + program + "\", \"packet\": " + packet
                + ", \"expect\": {\"return\": " + expected + "}}").get(0);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> fixture.check(fixture.runOn(object), object));
        String message = failure.getMessage();
        return message.substring(message.indexOf("return value: ") + "return value: ".length());
    }

    @org.junit.jupiter.api.Test
    void aFixtureForAnotherProgramIsRefused(@ObjectProgram(value = "xdp_len", object = "programs.o") BpfProgram xdpLen) {
        BpfFixture fixture = BpfFixture.parse("x.json", "{\"name\": \"a\", \"program\": \"count\", \"packet\": \"00\", \"expect\": {\"return\": 2}}").get(0);

        assertThatThrownBy(() -> xdpLen.run(fixture))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fixture [a] in [x.json] is for program [count], not [xdp_len]");
    }

    @Fixture
    @BpfObject("programs.o")
    @BpfObject("maps.o")
    static class PassingFixtures {
        @ParameterizedTest
        @FixtureSource("fixtures/*.json")
        void run(BpfFixture fixture, @Loaded(object = "programs.o") LoadedObject programs, @Loaded(object = "maps.o") LoadedObject maps) {
            LoadedObject object = fixture.program().orElseThrow().equals("count") ? maps : programs;
            fixture.check(fixture.runOn(object), object);
        }
    }

    @Fixture
    @BpfObject("programs.o")
    static class FailingFixture {
        @ParameterizedTest
        @FixtureSource("failing/wrong.json")
        void run(BpfFixture fixture, @ObjectProgram("xdp_len") BpfProgram program) {
            fixture.check(program.run(fixture), program.object());
        }
    }
}
