package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * State pruning as the kernel's: dead registers and imprecise scalars do not keep a state from
 * being pruned (pruning_dead_registers.c, which Linux 6.18 loads in 75,040 instructions), while a
 * scalar that later decides a pointer's offset does (pruning_precise_offset.c, which Linux refuses);
 * a loop over an iterator whose counters nothing checks ends once its state repeats, with those
 * counters widened (pruning_iterator_loop.c, which Linux loads in 95 and 214 instructions).
 * PruningKernelTest asks this machine's kernel for the verdicts.
 */
class PruningTest {

    static ObjectSpec object(String name) throws IOException {
        try (InputStream in = PruningTest.class.getResourceAsStream("/elf/" + name)) {
            return ObjectSpec.parse(name, in.readAllBytes());
        }
    }

    @Test
    void prunesPathsThatDifferOnlyInDeadRegistersAndLoadsWithinTheComplexityLimit() throws IOException {
        // given 16 paths into a 15,000-iteration loop that differ only in r6-r9, never read again
        ObjectSpec spec = object("pruning_dead_registers.o");

        // when it is verified
        Verification v = Verifier.verify(spec.program("dead_registers"), Verifier.mapsOf(spec), spec.btf());

        // then the loop is walked about once per path, not once per combination of the dead registers:
        // comparing them walked it 16 times, past the 1,000,000-instruction limit
        assertThat(v.accepted()).as(v.summary()).isTrue();
        assertThat(v.complete()).isTrue();
        assertThat(v.processed()).isBetween(75_000L, 200_000L);
    }

    @Test
    void runsTheProgramPruningLetsLoad() throws IOException {
        // given the loaded object
        LoadedObject object = LoadedObject.load(object("pruning_dead_registers.o"));

        // when it runs on packets whose byte 4 is 3 and 0, then it drops both: its sum, byte 4 added
        // 15,000 times, is even (its emulated run walks the whole loop)
        byte[] packet = new byte[64];
        packet[4] = 3;
        assertThat(object.run("dead_registers", XdpInput.of(packet)).retval()).isEqualTo(1);
        assertThat(object.run("dead_registers", XdpInput.of(new byte[64])).retval()).isEqualTo(1);
    }

    @Test
    void refusesAnIndexThatIsWiderOnALaterPathOnceItBecomesAPointerOffset() throws IOException {
        // given two paths joining with an index in [0, 3] (walked first) and in [0, 7], added to a
        // pointer into a 4-byte map value only after the join
        ObjectSpec spec = object("pruning_precise_offset.o");

        // when it is verified
        Verification v = Verifier.verify(spec.program("precise_offset"), Verifier.mapsOf(spec), spec.btf());

        // then the second path is not pruned against the first: the index is precise, and its read at 7 is refused
        assertThat(v.accepted()).isFalse();
        assertThat(v.message()).isEqualTo("invalid access to map value, value_size=4 off=7 size=1");
        assertThat(v.pc()).isEqualTo(39);
        assertThat(v.log()).anySatisfy(line -> assertThat(line).startsWith("19: ").endsWith("(taken)"));
    }

    @Test
    void endsAnIteratorLoopOnceItsStateRepeatsWithTheCountersNothingChecksWidened() throws IOException {
        // given loops over bpf_iter_num whose counters, one kept in a stack slot, are stored and never compared
        ObjectSpec spec = object("pruning_iterator_loop.o");

        for (String program : new String[] {"spilled_counter", "nested_counters"}) {
            // when each program is verified
            Verification v = Verifier.verify(spec.program(program), Verifier.mapsOf(spec), spec.btf());

            // then it is accepted after a few rounds (Linux 6.18: 95 and 214 instructions), not after
            // one state per round up to the 3,000,001-instruction budget
            assertThat(v.accepted()).as(v.summary()).isTrue();
            assertThat(v.processed()).as(program).isLessThan(1_000L);
        }
    }

    @Test
    void coversAScalarOnlyWhenItsValuesLieWithinTheFinishedStates() {
        Scalar zeroToSeven = new Scalar(0, 7, true);
        Scalar zeroToThree = new Scalar(0, 3, true);
        Scalar wrapped = new Scalar(-2, 2, true);

        assertThat(Pruning.coversScalar(zeroToSeven, zeroToThree)).isTrue();
        assertThat(Pruning.coversScalar(zeroToThree, zeroToSeven)).isFalse();
        assertThat(Pruning.coversScalar(wrapped, new Scalar(-1, 1, true))).isTrue();
        assertThat(Pruning.coversScalar(wrapped, zeroToThree)).isFalse();
        assertThat(Pruning.coversScalar(zeroToThree, new Scalar(-1, 1, true))).isFalse();
        // a coarse value on either side decides nothing here, and is taken as covered
        assertThat(Pruning.coversScalar(zeroToThree, Scalar.COARSE)).isTrue();
        assertThat(Pruning.coversScalar(Scalar.COARSE, zeroToSeven)).isTrue();
    }

    /** r6 = 0; r7 = 0; r6 += 1 (a counter); if r7 == 5 (decides on r7, which is precise from here back to pc 2); exit. */
    private static Cfg counterLoop() throws Exception {
        return Cfg.of(List.of(Instruction.of(Opcode.MOV64_IMM, 6, 0, 0, 0), Instruction.of(Opcode.MOV64_IMM, 7, 0, 0, 0),
                Instruction.of(Opcode.ADD64_IMM, 6, 0, 0, 1), Instruction.of(Opcode.JEQ_IMM, 7, 0, 0, 5), Instruction.of(Opcode.EXIT, 0, 0, 0, 0)));
    }

    private static State state(long r6, long r7, long spilled) {
        State.Frame frame = new State.Frame(-1, 0);
        frame.regs[6] = Reg.constant(r6);
        frame.regs[7] = Reg.constant(r7);
        frame.regs[8] = Reg.constant(4);
        frame.regs[10] = Reg.stack(0, 0);
        frame.spills[State.STACK_SIZE / 8 - 2] = Reg.constant(spilled);
        return new State(new State.Frame[] {frame}, null);
    }

    @Test
    void widensOnlyTheScalarsThatAreNotPreciseAndDifferFromTheLoopsEarlierState() throws Exception {
        Precision precise = new Precision(counterLoop());
        precise.use(3, 7);
        State earlier = state(1, 1, 1);
        State now = state(2, 2, 2);

        Pruning.widen(earlier, now, 2, precise);

        // the counter in r6 and the one spilled at fp-16 become unknown; r7 is precise, r8 did not change
        assertThat(now.reg(6)).isEqualTo(Reg.UNKNOWN_SCALAR);
        assertThat(now.cur().spills[State.STACK_SIZE / 8 - 2]).isEqualTo(Reg.UNKNOWN_SCALAR);
        assertThat(now.reg(7)).isEqualTo(Reg.constant(2));
        assertThat(now.reg(8)).isEqualTo(Reg.constant(4));
    }

    @Test
    void convergesOnlyWhereEveryScalarLiesWithinTheEarlierIterationsNotOnlyThePreciseOnes() throws Exception {
        Cfg cfg = counterLoop();
        Liveness live = Liveness.of(cfg);
        Precision precise = new Precision(cfg);
        precise.use(3, 7);
        State widened = state(0, 2, 0);
        widened.set(6, Reg.UNKNOWN_SCALAR);

        // an imprecise counter that differs: a finished state covers it, a loop has not converged on it
        assertThat(Pruning.covers(state(1, 2, 0), state(2, 2, 0), 2, live, precise)).isTrue();
        assertThat(Pruning.converged(state(1, 2, 0), state(2, 2, 0), 2, live, precise)).isFalse();
        // once the earlier iteration's counter is unknown, the loop has converged
        assertThat(Pruning.converged(widened, state(2, 2, 0), 2, live, precise)).isTrue();
        // a precise register outside the earlier iteration's values keeps it going
        assertThat(Pruning.converged(widened, state(2, 3, 0), 2, live, precise)).isFalse();
    }
}
