package org.ebpftest.runtime.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How each program gets its type: libbpf's strict section names, cilium/ebpf's prefixes, iproute2's object type, or an explicit type. */
class ProgramTypingTest {

    @Test
    void typesExactSectionNamesByLibbpfsRules() {
        // given a section libbpf 1.x knows
        ProgramSpec cls = TestObjects.load("section_prefixes.o").program("cls_exact");

        // then its type comes from libbpf's table
        assertThat(cls.type()).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(cls.typedBy()).isEqualTo(new TypeRule(TypeRule.Origin.LIBBPF, "classifier"));
        assertThat(cls.typedBy()).hasToString("libbpf SEC(\"classifier\")");
    }

    @Test
    void typesPrefixedSectionNamesByCiliumEbpfsRule() {
        // given sections libbpf 1.x leaves untyped: socket1, xdp_sample
        ObjectSpec obj = TestObjects.load("section_prefixes.o");

        // then cilium/ebpf's prefix rule types them
        assertThat(obj.program("sock_prefixed").type()).isEqualTo(ProgramType.SOCKET_FILTER);
        assertThat(obj.program("sock_prefixed").typedBy()).isEqualTo(new TypeRule(TypeRule.Origin.CILIUM_EBPF, "socket"));
        assertThat(obj.program("xdp_prefixed").type()).isEqualTo(ProgramType.XDP);
        assertThat(obj.program("xdp_prefixed").typedBy()).hasToString("cilium/ebpf prefix \"xdp\"");
        assertThat(obj.program("xdp_prefixed").attachTo()).isEmpty();
    }

    @Test
    void leavesAnUnknownSectionUntypedWhenTheObjectMixesTypes() {
        // given "mysection" in an object whose programs have several types
        ProgramSpec untyped = TestObjects.load("section_prefixes.o").program("untyped");

        // then no rule types it
        assertThat(untyped.type()).isEqualTo(ProgramType.UNSPEC);
        assertThat(untyped.typedBy()).isEqualTo(TypeRule.NONE);
    }

    @Test
    void givesTailCallSectionsTheObjectsOneTypeAsTcDoes() {
        // given an iproute2 object: tc/test/... typed by prefix, 2/13 typed by nothing
        ObjectSpec obj = TestObjects.load("tc_legacy.o");

        // then 2/13 takes the type the object's typed programs share
        assertThat(obj.program("tc_entry").typedBy()).isEqualTo(new TypeRule(TypeRule.Origin.CILIUM_EBPF, "tc"));
        assertThat(obj.program("tail_13").type()).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(obj.program("tail_13").typedBy()).isEqualTo(new TypeRule(TypeRule.Origin.IPROUTE2, "tc_entry"));
    }

    @Test
    void explicitTypeOverridesTheSectionsTypeForOneProgram() {
        // given an untyped program
        ObjectSpec obj = TestObjects.load("section_prefixes.o");

        // when it is given a type explicitly
        ObjectSpec typed = obj.withProgramType("untyped", ProgramType.named("tc"));

        // then only that program changes, and says why
        assertThat(typed.program("untyped").type()).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(typed.program("untyped").typedBy()).isEqualTo(TypeRule.EXPLICIT);
        assertThat(typed.program("xdp_prefixed").typedBy().origin()).isEqualTo(TypeRule.Origin.CILIUM_EBPF);
        assertThat(obj.program("untyped").type()).isEqualTo(ProgramType.UNSPEC);
    }

    @Test
    void explicitTypeForTheObjectTypesEveryProgram() {
        // when the object is given one type, as tc gives it
        ObjectSpec typed = TestObjects.load("section_prefixes.o").withProgramType(ProgramType.SCHED_ACT);

        // then every program has it
        assertThat(typed.programs()).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(ProgramType.SCHED_ACT);
            assertThat(p.typedBy()).isEqualTo(TypeRule.EXPLICIT);
        });
    }

    @Test
    void namesProgramTypesAsUsersTypeThem() {
        assertThat(ProgramType.named("xdp")).isEqualTo(ProgramType.XDP);
        assertThat(ProgramType.named("SCHED_CLS")).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(ProgramType.named("classifier")).isEqualTo(ProgramType.SCHED_CLS);
        assertThat(ProgramType.named("socket")).isEqualTo(ProgramType.SOCKET_FILTER);
        assertThat(ProgramType.named("action")).isEqualTo(ProgramType.SCHED_ACT);
        assertThatThrownBy(() -> ProgramType.named("xpd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown program type \"xpd\"; types are tc, socket, action, socket_filter, kprobe");
    }

    @Test
    void refusesAnExplicitTypeForAProgramTheObjectDoesNotHave() {
        assertThatThrownBy(() -> TestObjects.load("section_prefixes.o").withProgramType("nope", ProgramType.XDP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no program named \"nope\"");
    }
}
