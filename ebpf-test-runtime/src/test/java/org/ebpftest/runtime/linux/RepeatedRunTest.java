package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.helpers.HelperCall;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/**
 * Runs repeated as BPF_PROG_TEST_RUN repeats them: one context and packet for all runs, nothing
 * reset in between. The same programs written in C (ebpf-test-cli's repeat.c) are compared with
 * the kernel's {@code bpftool prog run ... repeat N} by the CLI's KernelComparisonTest; the
 * figures here are the ones the kernel gave for them.
 */
class RepeatedRunTest {
    private final LinuxEmulator linux = LinuxEmulator.builder().build();

    /** A 60-byte frame counting up from 0, so the byte a program changes shows. */
    private static byte[] frame() {
        byte[] b = new byte[60];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** Adds 1 to the XDP frame's byte 14 and returns the byte it wrote. */
    private static Program xdpBump() {
        return Program.of("xdp_bump", new Assembler()
                .load(Size.W, Register.R2, Register.R1, 0)       // ctx->data
                .load(Size.W, Register.R3, Register.R1, 4)       // ctx->data_end
                .mov64(Register.R4, Register.R2)
                .add64(Register.R4, 15)
                .jump(JumpOp.JGT, Register.R4, Register.R3, "short")
                .load(Size.B, Register.R0, Register.R2, 14)
                .add64(Register.R0, 1)
                .store(Size.B, Register.R2, 14, Register.R0)
                .load(Size.B, Register.R0, Register.R2, 14)
                .exit()
                .label("short")
                .mov64(Register.R0, 0)
                .exit().build());
    }

    @Test
    void eachXdpRunStartsFromThePacketTheRunBeforeLeft() {
        // given a program that adds 1 to a byte of the frame
        Program bump = xdpBump();

        // when it runs 5 times on one input
        RunResult r = linux.run(bump, ContextType.XDP, XdpInput.of(frame()), 5, null);

        // then, as in the kernel, the byte went up once per run and the last run returned it
        assertThat(r.returnValue()).isEqualTo(14 + 5);
        assertThat(r.packet()[14]).isEqualTo((byte) (14 + 5));
        assertThat(r.packet()).hasSize(60);
    }

    @Test
    void aSingleRunStillStartsFromTheInput() {
        // given an emulator that ran the program 5 times already
        linux.run(xdpBump(), ContextType.XDP, XdpInput.of(frame()), 5, null);

        // when it runs once more on a new input
        RunResult r = linux.run(xdpBump(), ContextType.XDP, XdpInput.of(frame()));

        // then that run saw the input, not what the repeats left
        assertThat(r.returnValue()).isEqualTo(15);
    }

    @Test
    void movedHeadsAddUpOverTheRuns() {
        // given a program that moves the frame's start 2 bytes into the headroom and returns the frame's length
        Program push = Program.of("xdp_push", new Assembler()
                .mov64(Register.R6, Register.R1)
                .mov64(Register.R2, -2)
                .call(HelperId.XDP_ADJUST_HEAD.id())
                .load(Size.W, Register.R2, Register.R6, 0)
                .load(Size.W, Register.R0, Register.R6, 4)
                .alu64(AluOp.SUB, Register.R0, Register.R2)
                .exit().build());

        // when it runs 3 times
        RunResult r = linux.run(push, ContextType.XDP, XdpInput.of(frame()), 3, null);

        // then the frame grew by 2 bytes a run (62 after one run, 66 after three in the kernel)
        assertThat(r.returnValue()).isEqualTo(66);
        assertThat(r.packet()).hasSize(66);
        assertThat(r.packet()[6]).isEqualTo((byte) 0);
    }

    @Test
    void skbContextFieldsKeepWhatTheRunBeforeWrote() {
        // given a tc program that adds 1 to skb->mark and returns it
        Program mark = Program.of("tc_mark", new Assembler()
                .load(Size.W, Register.R0, Register.R1, SkbLayout.MARK)
                .add64(Register.R0, 1)
                .store(Size.W, Register.R1, SkbLayout.MARK, Register.R0)
                .exit().build());

        // when it runs 4 times
        RunResult r = linux.run(mark, ContextType.SCHED_CLS, SkbInput.of(frame()), 4, null);

        // then mark counted every run, as in the kernel, and ctx_out holds the last value
        assertThat(r.returnValue()).isEqualTo(4);
        assertThat(r.contextOut().orElseThrow()[SkbLayout.MARK]).isEqualTo((byte) 4);
    }

    @Test
    void everyRunsPrintedLinesAreHandedOverAndTheResultHoldsTheLastRunsOnly() {
        // given a program that prints "hi" once a run
        Program hi = Program.of("hi", new Assembler()
                .mov64(Register.R1, 0x6968)                     // "hi\0" on the stack
                .store(Size.W, Register.R10, -4, Register.R1)
                .mov64(Register.R1, Register.R10)
                .add64(Register.R1, -4)
                .mov64(Register.R2, 3)
                .call(HelperId.TRACE_PRINTK.id())
                .mov64(Register.R0, 2)
                .exit().build());
        List<List<PrintedLine>> printed = new ArrayList<>();

        // when it runs 3 times
        RunResult r = linux.run(hi, ContextType.XDP, XdpInput.of(frame()), 3, printed::add);

        // then each run's line came separately, and the result reports the last run's line and helper call alone
        assertThat(printed).hasSize(3).allSatisfy(lines -> assertThat(lines).extracting(PrintedLine::message).containsExactly("hi"));
        assertThat(r.printed()).extracting(PrintedLine::message).containsExactly("hi");
        assertThat(r.helperCalls()).extracting(HelperCall::name).containsExactly("bpf_trace_printk");
    }

    @Test
    void repeatZeroRunsOnceAndANegativeRepeatIsRefused() {
        assertThat(linux.run(xdpBump(), ContextType.XDP, XdpInput.of(frame()), 0, null).returnValue()).isEqualTo(15);
        assertThatThrownBy(() -> linux.run(xdpBump(), ContextType.XDP, XdpInput.of(frame()), -1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repeat must not be negative, was -1");
    }
}
