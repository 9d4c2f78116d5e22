package org.ebpftest.runtime.conformance;

import java.util.List;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.InstructionCodec;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * Runs raw bytecode under the contract of the bpf_conformance suite: r1 points to a private,
 * writable copy of the input memory and r2 holds its length (both 0 when there is none), r10 is
 * the top of a 512-byte stack, and helper 5 (by {@code call 5} or {@code callx}) returns normally.
 */
public final class ConformanceRunner {
    /** The helper number the suite's programs call. */
    public static final int TEST_HELPER = 5;

    private ConformanceRunner() {
    }

    /**
     * Runs a program and returns r0.
     *
     * @param code the program, 8-byte little-endian slots
     * @param memory the input memory (copied), possibly empty
     * @throws org.ebpftest.runtime.EbpfException when the program is malformed, refused or traps
     */
    public static long run(byte[] code, byte[] memory) {
        List<Instruction> instructions = InstructionCodec.decode(code);
        Program program = Program.of("conformance", instructions);
        Vm vm = Vm.builder().helper(TEST_HELPER, (v, r1, r2, r3, r4, r5) -> 0).build();
        if (memory.length == 0) {
            return vm.run(program, 0, 0);
        }
        Region input = new Region("memory", memory.clone(), true);
        vm.memory().map(input, Vm.CONTEXT_ADDRESS);
        return vm.run(program, Vm.CONTEXT_ADDRESS, memory.length);
    }
}
