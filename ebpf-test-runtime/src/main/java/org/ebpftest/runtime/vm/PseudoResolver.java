package org.ebpftest.runtime.vm;

import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.PseudoSource;

/**
 * Turns a pseudo {@code lddw} (a map, a map value, a kernel variable) into the 64-bit value the
 * program sees, when a program is loaded. The Linux emulator provides one; plain programs need none.
 */
@FunctionalInterface
public interface PseudoResolver {
    /**
     * The value for a pseudo load.
     *
     * @param source what the load refers to
     * @param insn the instruction, whose imm and nextImm carry the reference
     * @param pc the instruction's slot
     * @return the value to load into the destination register
     * @throws org.ebpftest.runtime.InvalidProgramException if the reference cannot be resolved
     */
    long resolve(PseudoSource source, Instruction insn, int pc);
}
