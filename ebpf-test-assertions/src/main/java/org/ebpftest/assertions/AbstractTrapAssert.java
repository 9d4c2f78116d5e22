package org.ebpftest.assertions;

import org.assertj.core.api.AbstractAssert;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.TrapException;

/**
 * Assertions on the trap that stopped a program: its kind, the pc and program, the C source line
 * and the fault. {@code assertThatTrap(() -> fw.run("xdp_fw", input)).isMemoryFault().atSourceLine(42)}.
 *
 * @param <SELF> the concrete assertion, returned by every check
 */
public abstract class AbstractTrapAssert<SELF extends AbstractTrapAssert<SELF>> extends AbstractAssert<SELF, TrapException> {

    /** Creates an assertion on a trap; null when the run did not trap, which every check reports. */
    protected AbstractTrapAssert(TrapException actual, Class<?> selfType) {
        super(actual, selfType);
    }

    private void trapped() {
        if (actual == null) {
            throw failure("Expecting the run to trap but it finished normally");
        }
    }

    /** Checks the kind of fault. */
    public SELF hasKind(TrapException.Kind kind) {
        Args.notNull("kind", kind);
        trapped();
        if (actual.kind() != kind) {
            throw failure("Expecting trap kind: " + kind + " but was: " + actual.kind() + "\ntrap: " + actual.getMessage());
        }
        return myself;
    }

    /** Checks that a load, store or atomic left its region. */
    public SELF isMemoryFault() {
        return hasKind(TrapException.Kind.MEMORY);
    }

    /** Checks that the instruction budget ran out (an endless loop). */
    public SELF isInstructionLimit() {
        return hasKind(TrapException.Kind.INSTRUCTION_LIMIT);
    }

    /** Checks that the program called a helper that is neither emulated nor provided. */
    public SELF isUnsupported() {
        return hasKind(TrapException.Kind.UNSUPPORTED);
    }

    /** Checks the slot of the instruction that trapped. */
    public SELF atPc(int pc) {
        trapped();
        if (actual.pc() != pc) {
            throw failure("Expecting trap at pc: " + pc + " but was at pc: " + actual.pc() + "\ntrap: " + actual.getMessage());
        }
        return myself;
    }

    /** Checks the program that trapped (after tail calls, the one running then). */
    public SELF inProgram(String name) {
        Args.notNull("program name", name);
        trapped();
        if (!actual.programName().equals(name)) {
            throw failure("Expecting trap in program: " + name + " but was in: " + actual.programName());
        }
        return myself;
    }

    /** Checks the C source line of the instruction that trapped (needs BTF line info: compile with -g). */
    public SELF atSourceLine(int line) {
        trapped();
        SourceLine where = actual.sourceLine().orElse(null);
        if (where == null) {
            throw failure("Expecting trap at source line: " + line + " but the instruction has no source line"
                    + " (the program has no line info: compile with -g; or the compiler wrote line 0 for it)"
                    + "\ntrap: " + actual.getMessage());
        }
        if (where.line() != line) {
            throw failure("Expecting trap at source line: " + line + " but was at: " + where + "\ntrap: " + actual.getMessage());
        }
        return myself;
    }

    /** Checks that the fault's description (without the location) contains a text. */
    public SELF hasDetailContaining(String text) {
        Args.notNull("text", text);
        trapped();
        if (!actual.detail().contains(text)) {
            throw failure("Expecting trap detail to contain: \"" + text + "\" but was: \"" + actual.detail() + "\"");
        }
        return myself;
    }

    private AssertionError failure(String message) {
        return assertionError(FailureMessage.of(message));
    }
}
