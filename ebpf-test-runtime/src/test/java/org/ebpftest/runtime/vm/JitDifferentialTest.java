package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.kernel.RandomPrograms;
import org.junit.jupiter.api.Test;

/**
 * Random programs over every ALU, ALU64, JMP, JMP32, load, store and atomic form (the kernel
 * differential test's generator) run interpreted and compiled to JVM bytecode, straight, inside a
 * counted loop (back-edges), inside a bpf-to-bpf call, and cut short by an instruction limit at a
 * random point; each also compiled split into many small methods, as programs too large for one
 * JVM method are (down to one instruction per method), so that every hand-over between methods
 * is exercised: the outcome (r0 or the trap message), the instruction count, every register and
 * the stack must be the same. Seeds from {@code ebpftest.fuzz.seed}, count from
 * {@code ebpftest.jit.cases} (150 in the normal build).
 */
class JitDifferentialTest {
    /** RandomPrograms' prologue: ten lddw (two slots each) and eight stack stores. */
    private static final int PROLOGUE = 18;
    /** RandomPrograms' epilogue: fold r1-r9 into r0 (18), mix the halves (4), exit. */
    private static final int EPILOGUE = 23;
    private static final int LISTED = 5;

    @Test
    void compiledProgramsBehaveExactlyAsInterpretedOnes() {
        long seed = Long.parseLong(System.getProperty("ebpftest.fuzz.seed", "1").trim());
        long cases = Long.parseLong(System.getProperty("ebpftest.jit.cases", "150").trim());
        List<String> mismatches = new ArrayList<>();
        int compared = 0;

        for (long s = seed; s < seed + cases; s++) {
            // given a random program and its variants
            List<Instruction> straight = new RandomPrograms(s).next(40);
            Random random = new Random(s);
            List<List<Instruction>> variants = List.of(straight, inLoop(straight, 1 + random.nextInt(20)), inCall(straight));
            for (List<Instruction> variant : variants) {
                Program p = Program.of("p" + s, variant);
                Program split = Program.of("p" + s, variant);
                split.jit.compile(random.nextBoolean() ? 1 : 200 + random.nextInt(300));
                long full = outcome(JitMode.OFF, p, Vm.DEFAULT_INSTRUCTION_LIMIT).count;
                for (long limit : new long[] {Vm.DEFAULT_INSTRUCTION_LIMIT, 1 + (long) (random.nextDouble() * full)}) {
                    // when it runs interpreted and compiled
                    Outcome interpreted = outcome(JitMode.OFF, p, limit);
                    Outcome compiled = outcome(JitMode.ON, p, limit);
                    Outcome splitUp = outcome(JitMode.ON, split, limit);
                    compared++;

                    // then everything observable agrees
                    if ((!interpreted.equals(compiled) || !interpreted.equals(splitUp)) && mismatches.size() < LISTED) {
                        mismatches.add("seed " + s + ", limit " + limit + ":\n  interpreted " + interpreted + "\n  compiled    " + compiled
                                + "\n  split (" + split.jit.methods() + " methods) " + splitUp + "\n" + Disassembler.listing(variant));
                    }
                }
                assertThat(p.jitFallbackReason()).as("program of seed %d compiles", s).isEmpty();
                assertThat(split.jit.methods()).as("program of seed %d compiles split", s).isGreaterThan(1);
            }
        }
        assertThat(mismatches).as("of %d runs", compared).isEmpty();
    }

    /** The body run {@code times} times: a counter below the program's 64 stack bytes and a back-edge; r9 survives. */
    private static List<Instruction> inLoop(List<Instruction> program, int times) {
        List<Instruction> out = new ArrayList<>(program.subList(0, PROLOGUE));
        out.add(Instruction.of(Opcode.STDW, 10, 0, -72, times));
        List<Instruction> body = program.subList(PROLOGUE, program.size() - EPILOGUE);
        out.addAll(body);
        out.add(Instruction.of(Opcode.STXDW, 10, 9, -80, 0));
        out.add(Instruction.of(Opcode.LDXDW, 9, 10, -72, 0));
        out.add(Instruction.of(Opcode.SUB64_IMM, 9, 0, 0, 1));
        out.add(Instruction.of(Opcode.STXDW, 10, 9, -72, 0));
        out.add(Instruction.of(Opcode.JEQ_IMM, 9, 0, 2, 0));
        out.add(Instruction.of(Opcode.LDXDW, 9, 10, -80, 0));
        out.add(Instruction.of(Opcode.JA, 0, 0, -(body.size() + 7), 0));
        out.add(Instruction.of(Opcode.LDXDW, 9, 10, -80, 0));
        out.addAll(program.subList(program.size() - EPILOGUE, program.size()));
        return out;
    }

    /** The body as a function the main program calls: its own frame, r6-r9 restored after. */
    private static List<Instruction> inCall(List<Instruction> program) {
        List<Instruction> out = new ArrayList<>(program.subList(0, PROLOGUE));
        out.add(Instruction.of(Opcode.CALL, 0, 1, 0, EPILOGUE));
        out.addAll(program.subList(program.size() - EPILOGUE, program.size()));
        out.addAll(program.subList(PROLOGUE, program.size() - EPILOGUE));
        out.add(Instruction.of(Opcode.EXIT, 0, 0, 0, 0));
        return out;
    }

    private static Outcome outcome(JitMode mode, Program p, long limit) {
        Vm vm = Vm.builder().jit(mode).instructionLimit(limit).build();
        String result;
        try {
            result = "r0 = " + vm.run(p);
        } catch (TrapException t) {
            result = t.getMessage();
        }
        Execution e = vm.execution();
        long[] regs = new long[11];
        for (int r = 0; r <= 10; r++) {
            regs[r] = e.register(r);
        }
        return new Outcome(result, e.instructionCount(), Arrays.toString(regs), stackTop(vm.frame(0)) + " " + stackTop(vm.frame(1)));
    }

    /** The 80 bytes below a frame's top: what the programs (and the loop counter) use. */
    private static String stackTop(Region frame) {
        byte[] b = frame.bytes();
        return HexFormat.of().formatHex(b, b.length - 80, b.length);
    }

    private record Outcome(String result, long count, String registers, String stack) {
    }
}
