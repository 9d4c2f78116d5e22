package org.ebpftest.assertions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.assertions.EbpfAssertions.assertThatTrap;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;

import java.util.List;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.ebpftest.runtime.vm.Vm;
import org.junit.jupiter.api.Test;

/** Trap assertions: pass and fail paths with their messages. */
class TrapAssertTest {
    private static final List<Instruction> NULL_LOAD = new Assembler().mov64(R1, 0).load(Size.W, R0, R1, 0).exit().build();
    private static final Program WITH_LINES = Program.builder("xdp_fw", NULL_LOAD)
            .sourceLines(new SourceLine[] {new SourceLine("xdp_fw.c", 42, 5, "return *p;"), null, null}).build();
    private static final Program WITHOUT_LINES = Program.of("raw", NULL_LOAD);
    private static final Program FINE = Program.of("fine", new Assembler().mov64(R0, 2).exit().build());

    @Test
    void passesForTheTrapTheRunMakes() {
        assertThatTrap(() -> Vm.builder().build().run(WITH_LINES))
                .isMemoryFault()
                .atPc(1)
                .inProgram("xdp_fw")
                .atSourceLine(42)
                .hasDetailContaining("null pointer load of 4 bytes");
    }

    @Test
    void failsWhenTheRunFinishes() {
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(FINE)).isMemoryFault())
                .isInstanceOf(AssertionError.class)
                .hasMessage("\nExpecting the run to trap but it finished normally");
    }

    @Test
    void failsOnTheWrongKindShowingTheTrap() {
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(WITHOUT_LINES)).isInstructionLimit())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("\nExpecting trap kind: INSTRUCTION_LIMIT but was: MEMORY\ntrap: null pointer load of 4 bytes at pc 1");
    }

    @Test
    void failsOnTheWrongPcAndProgram() {
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(WITHOUT_LINES)).atPc(0))
                .hasMessageStartingWith("\nExpecting trap at pc: 0 but was at pc: 1");
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(WITHOUT_LINES)).inProgram("xdp_fw"))
                .hasMessage("\nExpecting trap in program: xdp_fw but was in: raw");
    }

    @Test
    void sourceLineNeedsLineInfo() {
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(WITHOUT_LINES)).atSourceLine(42))
                .hasMessageStartingWith("\nExpecting trap at source line: 42 but the instruction has no source line"
                        + " (the program has no line info: compile with -g; or the compiler wrote line 0 for it)");
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(WITH_LINES)).atSourceLine(7))
                .hasMessageStartingWith("\nExpecting trap at source line: 7 but was at: xdp_fw.c:42  return *p;");
    }

    @Test
    void anotherExceptionIsNotATrap() {
        assertThatThrownBy(() -> assertThatTrap(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(AssertionError.class).hasMessage("Expecting the run to trap but it threw: java.lang.IllegalStateException: boom");
    }

    @Test
    void invalidArgumentsAreNotAssertionFailures() {
        assertThatThrownBy(() -> assertThatTrap(() -> Vm.builder().build().run(WITH_LINES)).hasKind(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void softAssertionsCollectTrapFailures() {
        EbpfSoftAssertions softly = new EbpfSoftAssertions();
        softly.assertThatTrap(() -> Vm.builder().build().run(WITH_LINES)).hasKind(TrapException.Kind.INSTRUCTION_LIMIT).atPc(9);

        assertThatThrownBy(softly::assertAll).hasMessageContaining("Expecting trap kind: INSTRUCTION_LIMIT").hasMessageContaining("Expecting trap at pc: 9");
    }
}
