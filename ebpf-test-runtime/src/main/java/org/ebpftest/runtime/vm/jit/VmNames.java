package org.ebpftest.runtime.vm.jit;

/**
 * The members of the VM package that compiled code calls, by their JVM names: the contract between
 * the classes {@link ProgramCompiler} writes and {@code org.ebpftest.runtime.vm}, kept in one place.
 * A compiled program reads and writes {@code Execution}'s {@code regs}, {@code pc}, {@code count},
 * {@code depth}, {@code baseDepth}, {@code finished}, {@code program} and {@code pendingTailCall};
 * calls {@code Execution.pushFrame}, {@code popFrame}, {@code mayGoto}, {@code resetLoopBudget}, {@code frameBytes} and {@code finishCallback}, {@code Vm.call},
 * {@code legacyLoad} and {@code memoryTrap}, {@code Memory}'s checked accesses, its little-endian
 * views of byte arrays ({@code I16}, {@code I32}, {@code I64}: the stack fast path), and the pure
 * methods of {@code Alu}. Every compiled run in the tests links against them, so a rename fails there.
 */
final class VmNames {
    static final String PACKAGE = "org/ebpftest/runtime/vm/";
    static final String COMPILED_CODE = PACKAGE + "CompiledCode";
    static final String EXECUTION = PACKAGE + "Execution";
    static final String EXECUTION_DESC = "L" + EXECUTION + ";";
    static final String PROGRAM_DESC = "L" + PACKAGE + "Program;";
    static final String VM = PACKAGE + "Vm";
    static final String VM_DESC = "L" + VM + ";";
    static final String MEMORY = PACKAGE + "Memory";
    static final String MEMORY_DESC = "L" + MEMORY + ";";
    static final String MEMORY_FAULT = PACKAGE + "MemoryFault";
    static final String MEMORY_FAULT_DESC = "L" + MEMORY_FAULT + ";";
    static final String TRAP_DESC = "L" + PACKAGE + "TrapException;";
    static final String ALU = PACKAGE + "Alu";
    /** {@code Memory}'s static final {@code VarHandle}s viewing a byte array as little-endian shorts, ints and longs. */
    static final String BYTES_LE16 = "I16";
    static final String BYTES_LE32 = "I32";
    static final String BYTES_LE64 = "I64";
    static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
    static final String VAR_HANDLE_DESC = "L" + VAR_HANDLE + ";";
    static final String ATOMIC_OP = "org/ebpftest/runtime/isa/AtomicOp";
    static final String ATOMIC_OP_DESC = "L" + ATOMIC_OP + ";";

    private VmNames() {
    }
}
