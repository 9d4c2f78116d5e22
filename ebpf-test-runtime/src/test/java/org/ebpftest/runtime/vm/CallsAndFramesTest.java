package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R6;
import static org.ebpftest.runtime.isa.Register.R7;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Opcode;
import org.ebpftest.runtime.isa.Size;
import org.junit.jupiter.api.Test;

/** Helper calls, bpf-to-bpf calls and their frames, callbacks, callx and tail calls. */
class CallsAndFramesTest {

    @Test
    void helperGetsTheArgumentRegistersAndSetsR0() {
        List<long[]> seen = new ArrayList<>();
        Vm vm = Vm.builder().helper(7, (v, r1, r2, r3, r4, r5) -> {
            seen.add(new long[] {r1, r2, r3, r4, r5});
            return r1 + r5;
        }).build();
        Program p = Program.of("h", new Assembler().mov64(R1, 10).mov64(R2, 2).mov64(org.ebpftest.runtime.isa.Register.R5, 5).call(7).exit().build());

        assertThat(vm.run(p)).isEqualTo(15);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).containsExactly(10, 2, 0, 0, 5);
    }

    @Test
    void unknownHelperTrapsNamingItsNumber() {
        Program p = Program.of("prog", new Assembler().call(1234).exit().build());

        assertThatThrownBy(() -> Vm.builder().build().run(p))
                .isInstanceOf(TrapException.class)
                .hasMessage("helper 1234 is neither emulated nor provided; register a Helper for it at pc 0 (call 0x4d2) in prog")
                .satisfies(t -> assertThat(((TrapException) t).kind()).isEqualTo(TrapException.Kind.UNSUPPORTED));
    }

    @Test
    void localCallRestoresCalleeSavedRegistersAndGivesTheCalleeItsOwnFrame() {
        // main: r6 = 1, r7 = r10, call f, r0 += r6 (still 1), r0 += (r10 == r7)
        // f:    r6 = 100, *(u64 *)(r10 - 8) = 5, r0 = *(u64 *)(r10 - 8), exit
        Program p = Program.of("main", new Assembler()
                .mov64(R6, 1).mov64(R7, R10)
                .callLocal("f")
                .add64(R0, R6)
                .jump(org.ebpftest.runtime.isa.JumpOp.JNE, R7, R10, "bad")
                .add64(R0, 10).exit()
                .label("bad").mov64(R0, -1).exit()
                .label("f").mov64(R6, 100).store(Size.DW, R10, -8, 5).load(Size.DW, R0, R10, -8).exit()
                .build());

        assertThat(Vm.builder().build().run(p)).isEqualTo(5 + 1 + 10);
    }

    @Test
    void calleeCanWriteThroughAPointerToItsCallersStack() {
        Program p = Program.of("main", new Assembler()
                .store(Size.DW, R10, -8, 0)
                .mov64(R1, R10).add64(R1, -8)
                .callLocal("f")
                .load(Size.DW, R0, R10, -8).exit()
                .label("f").store(Size.DW, R1, 0, 77).mov64(R0, 0).exit()
                .build());

        assertThat(Vm.builder().build().run(p)).isEqualTo(77);
    }

    @Test
    void recursionDeeperThanEightFramesTraps() {
        Program p = Program.of("recurse", new Assembler().label("f").callLocal("f").exit().build());

        assertThatThrownBy(() -> Vm.builder().build().run(p))
                .isInstanceOf(TrapException.class)
                .hasMessageStartingWith("call nesting deeper than the kernel's 8 frames at pc 0")
                .satisfies(t -> assertThat(((TrapException) t).kind()).isEqualTo(TrapException.Kind.CALL_DEPTH));
    }

    @Test
    void sevenNestedCallsAreAllowed() {
        Assembler a = new Assembler().mov64(R0, 0);
        for (int i = 0; i < 7; i++) {
            a.callLocal("f" + i).exit().label("f" + i).add64(R0, 1);
        }
        Program p = Program.of("nested", a.exit().build());

        assertThat(Vm.builder().build().run(p)).isEqualTo(7);
    }

    @Test
    void helperCanCallBackIntoTheProgramLikeBpfLoop() {
        // bpf_loop-like helper 181: call the callback r1 times with (index, ctx) and sum nothing;
        // the callback adds its index to *(u64 *)ctx.
        Helper loop = (vm, nr, fn, ctx, flags, unused) -> {
            for (long i = 0; i < nr; i++) {
                if (vm.callFunction(fn, i, ctx) != 0) {
                    return i + 1;
                }
            }
            return nr;
        };
        Program p = Program.of("loop", new Assembler()
                .store(Size.DW, R10, -8, 0)
                .mov64(R1, 5)
                .functionAddress(R2, "cb")
                .mov64(org.ebpftest.runtime.isa.Register.R3, R10).add64(org.ebpftest.runtime.isa.Register.R3, -8)
                .mov64(org.ebpftest.runtime.isa.Register.R4, 0)
                .mov64(R6, 1000)
                .call(181)
                .load(Size.DW, R1, R10, -8)
                .add64(R0, R1).add64(R0, R6).exit()
                .label("cb").load(Size.DW, R0, R2, 0).add64(R0, R1).store(Size.DW, R2, 0, R0)
                .mov64(R6, 0).mov64(R0, 0).exit()
                .build());
        Vm vm = Vm.builder().helper(181, loop).build();

        // 5 iterations returned, 0+1+2+3+4 = 10 accumulated, r6 preserved across the callbacks
        assertThat(vm.run(p)).isEqualTo(5 + 10 + 1000);
    }

    @Test
    void callxThroughAFunctionAddressIsALocalCall() {
        Program p = Program.of("callx", new Assembler()
                .functionAddress(R2, "f")
                .raw(Instruction.of(Opcode.CALLX, 2, 0, 0, 0))
                .exit()
                .label("f").mov64(R0, 33).exit()
                .build());

        assertThat(Vm.builder().build().run(p)).isEqualTo(33);
    }

    @Test
    void callxThroughAHelperNumberCallsTheHelper() {
        Program p = Program.of("callx", new Assembler().mov64(R2, 9).raw(Instruction.of(Opcode.CALLX, 2, 0, 0, 0)).exit().build());

        assertThat(Vm.builder().helper(9, (v, a, b, c, d, e) -> 99).build().run(p)).isEqualTo(99);
    }

    @Test
    void callxThroughGarbageTraps() {
        Program p = Program.of("callx", new Assembler().mov64(R2, -1).raw(Instruction.of(Opcode.CALLX, 2, 0, 0, 0)).exit().build());

        assertThatThrownBy(() -> Vm.builder().build().run(p)).hasMessageStartingWith("callx to 0xffffffffffffffff, which is neither a function nor a helper number at pc 1");
    }

    @Test
    void tailCallReplacesTheProgramKeepingTheContextInR1() {
        Program target = Program.of("target", new Assembler().mov64(R0, R1).add64(R0, 1).exit().build());
        Vm vm = Vm.builder().helper(12, (v, ctx, map, index, a, b) -> {
            v.requestTailCall(target);
            return 0;
        }).build();
        Program caller = Program.of("caller", new Assembler().mov64(R6, 0).call(12).mov64(R0, -1).exit().build());

        assertThat(vm.run(caller, 41)).isEqualTo(42);
        assertThat(vm.tailCallCount()).isEqualTo(1);
        assertThat(vm.execution().program().name()).isEqualTo("target");
    }

    @Test
    void aHelperRefusesACallWithATrapAtTheCall() {
        // given a helper that refuses its call explicitly
        Vm vm = Vm.builder().helper(3, (v, a, b, c, d, e) -> {
            throw v.trapAtCall(TrapException.Kind.UNSUPPORTED, "helper 3: bpf_map_delete_elem on a queue map is not emulated", null);
        }).build();
        Program p = Program.of("p", new Assembler().mov64(R0, 0).call(3).exit().build());

        // when the program calls it, then the trap names the call's pc, instruction and program
        assertThatThrownBy(() -> vm.run(p))
                .isInstanceOf(TrapException.class)
                .hasMessageStartingWith("helper 3: bpf_map_delete_elem on a queue map is not emulated at pc 1 (call 0x3) in p")
                .satisfies(t -> assertThat(((TrapException) t).pc()).isEqualTo(1));
    }

    @Test
    void aBugInAHelperSurfacesAsItselfNotAsATrap() {
        // given a helper whose code throws what a bug throws
        IllegalStateException bug = new IllegalStateException("index out of step");
        Vm vm = Vm.builder().helper(3, (v, a, b, c, d, e) -> {
            throw bug;
        }).build();
        Program p = Program.of("p", new Assembler().mov64(R0, 0).call(3).exit().build());

        // when the program calls it, then the exception leaves the run unchanged
        assertThatThrownBy(() -> vm.run(p)).isSameAs(bug);
    }

    @Test
    void memoryFaultInsideAHelperIsATrapAtTheCall() {
        Vm vm = Vm.builder().helper(4, (v, dst, size, src, d, e) -> {
            v.memory().write(dst, new byte[(int) size]);
            return 0;
        }).build();
        Program p = Program.of("p", new Assembler().mov64(R1, R10).add64(R1, -8).mov64(R2, 16).call(4).exit().build());

        assertThatThrownBy(() -> vm.run(p)).hasMessageStartingWith("helper 4: out-of-bounds store of 16 bytes at 0x10ffff8 (stack + 504, stack is 512 bytes)");
    }
}
