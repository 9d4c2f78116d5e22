package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;

import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.junit.jupiter.api.Test;

/**
 * Entering a function zeroes only the bytes of its frame it can reach ({@link FrameUse}), and what
 * a program sees stays what a fully zeroed frame shows.
 */
class FrameUseTest {
    @Test
    void functionUsingR10OnlyAsABaseReachesItsLowestOffset() {
        Program p = Program.of("p", new Assembler()
                .store(Size.DW, R10, -8, 1)
                .load(Size.W, R0, R10, -24)
                .callLocal("f")
                .exit()
                .label("f")
                .mov64(R0, 0)
                .exit()
                .build());

        assertThat(p.frameBytes(0)).isEqualTo(24);
        assertThat(p.frameBytes(4)).isZero();
        assertThat(p.frameBytes(1)).as("not a function").isEqualTo(Vm.STACK_SIZE);
    }

    @Test
    void functionLettingAPointerToItsFrameEscapeReachesTheWholeFrame() {
        Program copied = Program.of("copied", new Assembler().mov64(R1, R10).add64(R1, -8).mov64(R0, 0).exit().build());
        Program compared = Program.of("compared", new Assembler().mov64(R0, 0).jump(JumpOp.JEQ, R0, R10, "out").label("out").exit().build());
        Program outside = Program.of("outside", new Assembler().load(Size.DW, R0, R10, 8).exit().build());

        assertThat(copied.frameBytes(0)).isEqualTo(Vm.STACK_SIZE);
        assertThat(compared.frameBytes(0)).isEqualTo(Vm.STACK_SIZE);
        assertThat(outside.frameBytes(0)).isEqualTo(Vm.STACK_SIZE);
    }

    @Test
    void tailCallTargetReadsZeroBeyondWhatItsCallerCouldReachAfterAnotherProgramWroteThere() {
        // given a program that leaves 0xff 400 bytes down frame 0, and a caller reaching 8 bytes
        // that tail-calls a target reading both its caller's value and the byte 400 down
        Program scribbler = Program.of("scribbler", new Assembler().store(Size.B, R10, -400, 0xff).mov64(R0, 0).exit().build());
        Program target = Program.of("target", new Assembler()
                .load(Size.DW, R0, R10, -8)
                .load(Size.B, R2, R10, -400)
                .add64(R0, R2)
                .exit()
                .build());
        Program caller = Program.of("caller", new Assembler().store(Size.DW, R10, -8, 5).call(12).mov64(R0, 0).exit().build());
        for (JitMode mode : JitMode.values()) {
            Vm vm = Vm.builder().jit(mode).helper(12, (v, a, b, c, d, e) -> {
                v.requestTailCall(target);
                return 0;
            }).build();
            vm.run(scribbler);

            // when the caller runs on the same VM
            long r0 = vm.run(caller);

            // then the target sees the caller's 5 and a zero where the scribbler wrote
            assertThat(r0).as("jit %s", mode).isEqualTo(5);
        }
    }
}
