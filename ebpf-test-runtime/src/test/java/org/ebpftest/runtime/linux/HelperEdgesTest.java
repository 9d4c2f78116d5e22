package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.helpers.LoopInlining;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.Test;

/**
 * bpf_csum_diff's exact arithmetic and bpf_loop inlined or called, without a kernel: the answers
 * Linux 6.18 gave for helper_edges.c with bpftool prog run, which HelperEdgesKernelTest also
 * checks live where it can.
 */
class HelperEdgesTest {
    private static final byte[] FRAME = KernelFixtures.bytes("ipv4tcp.bin");

    private static long csumDiff(int fromSize, int toSize, int seed, byte[] from, byte[] to) throws IOException {
        byte[] in = ByteBuffer.allocate(280).order(ByteOrder.LITTLE_ENDIAN).put(0, (byte) fromSize).put(1, (byte) toSize).putInt(4, seed)
                .put(8, from).put(136, to).array();
        byte[] out = LoadedObjectTest.load("helper_edges.o").run("csum_diff_bytes", XdpInput.of(in)).packet();
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    @Test
    void csumDiffOfOnesToZerosIsZeroAsInLinux() throws IOException {
        // given from = ff ff ff ff, to = 00 00 00 00, seed 0: the fuzzer's case (the emulator said 0xffff)
        byte[] from = {-1, -1, -1, -1};

        // when the program diffs them, then the answer is the kernel's 0
        assertThat(csumDiff(4, 4, 0, from, new byte[4])).isZero();
    }

    @Test
    void csumDiffKeepsTheKernelsZeroForPushedAndPulledData() throws IOException {
        // given data whose ones' complement sum is zero in one form or the other (kernel: 0, 0xffff, 0xffff)
        byte[] ones = new byte[128];
        Arrays.fill(ones, (byte) -1);

        // when it is pulled, pushed onto a seed of 0xffffffff, or pushed as zeros onto it
        // then each answer is the kernel's
        assertThat(csumDiff(4, 0, 0, ones, new byte[0])).isZero();
        assertThat(csumDiff(0, 124, 0xffffffff, new byte[0], ones)).isEqualTo(0xffff);
        assertThat(csumDiff(0, 4, 0xffffffff, new byte[0], new byte[4])).isEqualTo(0xffff);
    }

    @Test
    void csumDiffSumsSizesThatAreNotMultiplesOfFour() throws IOException {
        // given a from_size of 3: Linux 6.18 no longer answers -EINVAL
        byte[] from = {1, 2, 3, 4};

        // when it is pulled, then the three bytes are summed with a zero-padded tail (kernel: 0, 0xfdfb)
        assertThat(csumDiff(3, 0, 0, new byte[4], new byte[0])).isZero();
        assertThat(csumDiff(3, 0, 0, from, new byte[0])).isEqualTo(0xfdfb);
    }

    private static long[] loop(String program, long nrLoops, long stop) throws IOException {
        byte[] in = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, nrLoops).putLong(8, stop).array();
        ByteBuffer out = ByteBuffer.wrap(LoadedObjectTest.load("helper_edges.o").run(program, XdpInput.of(in)).packet()).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {out.getLong(0), out.getLong(8), out.getLong(16)};
    }

    @Test
    void inlinedBpfLoopAnswersTooManyLoopsAsA32BitErrno() throws IOException {
        // given loop_inlined, whose flags are a known 0: the verifier inlines the call
        // when it asks for 1 << 23 + 1 loops, or for 3 with bit 32 set
        // then r0 is (u32) -E2BIG, which is not negative as a 64-bit number (kernel: 0xfffffff9, 0 calls, 0)
        assertThat(loop("loop_inlined", (1 << 23) + 1, 3)).containsExactly(0xfffffff9L, 0, 0);
        assertThat(loop("loop_inlined", (1L << 32) + 3, 100)).containsExactly(0xfffffff9L, 0, 0);
        assertThat(loop("loop_inlined", 5, 100)).containsExactly(5, 5, 0);
    }

    @Test
    void calledBpfLoopAnswersTooManyLoopsAsA64BitErrnoAndTakesACountOf32Bits() throws IOException {
        // given loop_called, whose flags come from the packet: the helper runs
        // when it asks for 1 << 23 + 1 loops, or for 3 with bit 32 set
        // then r0 is -E2BIG, negative, and the second count is cut to 32 bits (kernel: -7, 0, 1; 3, 3, 0)
        assertThat(loop("loop_called", (1 << 23) + 1, 3)).containsExactly(-7, 0, 1);
        assertThat(loop("loop_called", (1L << 32) + 3, 100)).containsExactly(3, 3, 0);
    }

    /** A program that calls bpf_loop(0x1_0000_0001, callback, NULL, r4) where callback answers 1; r4 is set by {@code flags}. */
    private static long loopWithFlags(UnaryOperator<Assembler> flags) {
        Assembler a = new Assembler().lddw(Register.R1, (1L << 32) + 1).functionAddress(Register.R2, "callback").mov64(Register.R3, 0);
        a = flags.apply(a).call(LoopInlining.BPF_LOOP).exit().label("callback").mov64(Register.R0, 1).exit();
        return LinuxEmulator.builder().build().run(Program.of("loop_flags", a.build()), ContextType.XDP, XdpInput.of(FRAME)).returnValue();
    }

    @Test
    void bpfLoopIsInlinedOnlyWhereTheFlagsAreAKnownZeroOnEveryPath() {
        // given flags set to 0 directly, by a 32-bit move, through another register, only on one
        // of two paths, and read back from the stack (which the verifier tracks but this emulator does not)
        long direct = loopWithFlags(a -> a.mov64(Register.R4, 0));
        long mov32 = loopWithFlags(a -> a.alu32(AluOp.MOV, Register.R4, 0));
        long copied = loopWithFlags(a -> a.mov64(Register.R6, 0).mov64(Register.R4, Register.R6));
        long onePath = loopWithFlags(a -> a.mov64(Register.R4, 0).load(Size.W, Register.R5, Register.R10, -4)
                .jump(JumpOp.JEQ, Register.R5, 0, "call").mov64(Register.R4, Register.R5).label("call"));
        long pinned = loopWithFlags(a -> a.store(Size.DW, Register.R10, -8, 0).load(Size.DW, Register.R4, Register.R10, -8)
                .jump(JumpOp.JNE, Register.R4, 0, "out").jump("call").label("out").exit().label("call"));

        // when each runs with nr_loops = 0x1_0000_0001, then the inlined ones see all 64 bits
        // (-E2BIG as 32 bits) and the called ones one loop
        assertThat(direct).isEqualTo(0xfffffff9L);
        assertThat(mov32).isEqualTo(0xfffffff9L);
        assertThat(copied).isEqualTo(0xfffffff9L);
        assertThat(onePath).isEqualTo(1);
        assertThat(pinned).isEqualTo(0xfffffff9L);
    }

    @Test
    void bpfLoopWithTwoCallbacksAtOneCallIsNotInlined() {
        // given one call site reached with callback a on one path and callback b on the other
        Assembler a = new Assembler().lddw(Register.R1, (1L << 32) + 1).mov64(Register.R3, 0).mov64(Register.R4, 0)
                .functionAddress(Register.R2, "a").load(Size.W, Register.R5, Register.R10, -4)
                .jump(JumpOp.JEQ, Register.R5, 0, "call").functionAddress(Register.R2, "b").label("call")
                .call(LoopInlining.BPF_LOOP).exit()
                .label("a").mov64(Register.R0, 1).exit()
                .label("b").mov64(Register.R0, 1).exit();

        // when it runs, then the helper answers (one loop, as it reads 32 bits)
        long r0 = LinuxEmulator.builder().build().run(Program.of("two_callbacks", a.build()), ContextType.XDP, XdpInput.of(FRAME)).returnValue();
        assertThat(r0).isEqualTo(1);
    }
}
