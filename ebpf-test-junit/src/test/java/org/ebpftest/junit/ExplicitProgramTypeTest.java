package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.elf.TypeRule;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.junit.jupiter.api.Test;

/** Program types given explicitly: on {@link BpfObject}, in fixtures and in case files. */
@BpfObject(value = "/section_prefixes.o", programTypes = "untyped=tc")
class ExplicitProgramTypeTest {
    private static final String PACKET = "\"" + "00".repeat(64) + "\"";

    @ObjectProgram("untyped")
    BpfProgram untyped;

    @ObjectProgram("xdp_prefixed")
    BpfProgram xdp;

    @ObjectProgram(value = "sock_prefixed", type = "action")
    BpfProgram action;

    @Loaded
    LoadedObject object;

    @Test
    void programTypesEntryLoadsThatProgramAsTheType() {
        // given "mysection", which no convention types, declared untyped=tc

        // then it runs as a tc program, and the others keep their section's type
        assertThat(untyped.contextType()).isEqualTo(ContextType.SCHED_CLS);
        assertThat(object.spec().program("untyped").typedBy()).isEqualTo(TypeRule.EXPLICIT);
        assertThat(untyped.run(new byte[64]).retval()).isEqualTo(3);
        assertThat(xdp.contextType()).isEqualTo(ContextType.XDP);
    }

    @Test
    void objectProgramTypeLoadsThatProgramAsTheType() {
        // given socket1, a socket filter by prefix, declared with type = "action"

        // then it loads as a tc action
        assertThat(action.contextType()).isEqualTo(ContextType.SCHED_ACT);
        assertThat(object.spec().program("sock_prefixed").typedBy()).isEqualTo(TypeRule.EXPLICIT);
        assertThat(action.run(new byte[64]).retval()).isEqualTo(64);
    }

    @Test
    void fixtureWithTheLoadedTypeRuns() {
        BpfFixture fixture = BpfFixture.parse("typed.json",
                "{\"name\": \"n\", \"program\": \"untyped\", \"type\": \"tc\", \"packet\": " + PACKET + ", \"expect\": {\"return\": 3}}").get(0);

        assertThat(fixture.type()).hasValue(ProgramType.SCHED_CLS);
        fixture.check(fixture.runOn(object), object);
    }

    @Test
    void fixtureWhoseTypeDiffersFromTheLoadedOneSaysHowToLoadIt() {
        BpfFixture fixture = BpfFixture.parse("typed.json",
                "{\"name\": \"n\", \"program\": \"untyped\", \"type\": \"action\", \"packet\": " + PACKET + ", \"expect\": {\"return\": 3}}")
                .get(0);

        assertThatThrownBy(() -> fixture.runOn(object)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fixture [n] in [typed.json] runs program [untyped] as sched_act, but [section_prefixes.o] loaded it as sched_cls "
                        + "(typed by explicit); load the object with that type, such as @BpfObject(programTypes = \"untyped=sched_act\")");
    }

    @Test
    void fixtureTypesTheObjectItIsLoadedFor() {
        // given a fixture without a program: its type goes to every program, as the fixture engine loads it
        BpfFixture fixture = BpfFixture.parse("typed.json", "{\"name\": \"n\", \"type\": \"socket\", \"packet\": " + PACKET
                + ", \"expect\": {\"return\": 0}}").get(0);
        ObjectSpec spec = object.spec();

        assertThat(fixture.typed(spec).programs()).allSatisfy(p -> assertThat(p.type()).isEqualTo(ProgramType.SOCKET_FILTER));
    }

    @Test
    void caseFileTypeAppliesToEveryFixtureThatGivesNone() {
        BpfFixtureFile file = BpfFixtureFile.parse("cases.json", "{\"object\": \"section_prefixes.o\", \"type\": \"tc\", \"fixtures\": ["
                + "{\"name\": \"a\", \"packet\": " + PACKET + ", \"expect\": {\"return\": 3}},"
                + "{\"name\": \"b\", \"type\": \"xdp\", \"packet\": " + PACKET + ", \"expect\": {\"return\": 3}}]}");

        assertThat(file.cases().get(0).fixture().type()).hasValue(ProgramType.SCHED_CLS);
        assertThat(file.cases().get(1).fixture().type()).hasValue(ProgramType.XDP);
    }

    @Test
    void unknownTypeInAFixtureIsAFormatErrorNamingWhere() {
        assertThatThrownBy(() -> BpfFixture.parse("typed.json", "{\"name\": \"n\", \"type\": \"xpd\", \"packet\": " + PACKET
                + ", \"expect\": {\"return\": 0}}")).isInstanceOf(FixtureFormatException.class)
                .hasMessageContaining("unknown program type \"xpd\"").hasMessageContaining("$.type");
    }
}
