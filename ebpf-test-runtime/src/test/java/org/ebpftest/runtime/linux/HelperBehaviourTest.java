package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.ContextBytes;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.HelperRegistry;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.helpers.TailCalls;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/** Environment-backed helpers, mocking, side-effect recording and the errors for what is not emulated. */
class HelperBehaviourTest {
    private static final byte[] FRAME = KernelFixtures.bytes("ipv4tcp.bin");

    /** Stores a NUL-terminated string on the stack at r10 - 64 and leaves its address in r1 and its size in r2. */
    private static Assembler withString(Assembler a, String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            a.store(Size.B, Register.R10, -64 + i, b[i]);
        }
        return a.mov64(Register.R1, Register.R10).add64(Register.R1, -64).mov64(Register.R2, b.length);
    }

    @Test
    void tracePrintkFormatsLikeTheKernelAndIsCapturedPerRun() {
        // given a program printing "x=%d u=%u h=%x c=%c" with -5, -5 and 255
        Assembler a = withString(new Assembler(), "x=%d u=%u h=%x")
                .mov64(Register.R3, -5).mov64(Register.R4, -5).mov64(Register.R5, 255).call(6).exit();
        Program program = Program.of("printk", a.build());

        // when it runs
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME));

        // then the line is formatted as vsnprintf does and returned length is the text's
        assertThat(r.printedMessages()).containsExactly("x=-5 u=4294967291 h=ff");
        assertThat(r.retval()).isEqualTo("x=-5 u=4294967291 h=ff".length());
        assertThat(r.printed().get(0).tracePipeLine()).endsWith(": bpf_trace_printk: x=-5 u=4294967291 h=ff").contains("ebpf-test-4242");
    }

    @Test
    void tracePrintkRefusesUnsupportedConversionsWithEinval() {
        // given a format with %f, which the kernel does not support
        Program program = Program.of("printk_bad", withString(new Assembler(), "%f").call(6).exit().build());

        // when it runs, then the helper fails with -EINVAL and nothing is printed
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME));
        assertThat(r.retval()).isEqualTo(-22);
        assertThat(r.printed()).isEmpty();
    }

    @Test
    void clockAndRandomnessComeFromTheEnvironment() {
        // given an environment at monotonic time 5 s and a seeded PRNG
        LinuxEmulator linux = LinuxEmulator.builder().build();
        linux.environment().clock().setMonotonicNs(5_000_000_000L);
        Program ktime = Program.of("ktime", new Assembler().call(5).exit().build());
        Program random = Program.of("random", new Assembler().call(7).exit().build());

        // when programs read them, twice with the same seed
        long now = linux.run(ktime, ContextType.XDP, XdpInput.of(FRAME)).returnValue();
        linux.environment().seedRandom(42);
        long first = linux.run(random, ContextType.XDP, XdpInput.of(FRAME)).returnValue();
        linux.environment().seedRandom(42);
        long again = linux.run(random, ContextType.XDP, XdpInput.of(FRAME)).returnValue();

        // then time is the test's and random numbers repeat for a seed
        assertThat(now).isEqualTo(5_000_000_000L);
        assertThat(first).isEqualTo(again).isBetween(0L, 0xffffffffL);
    }

    @Test
    void overriddenHelperAnswersInsteadOfTheEmulatedOneAndIsRecorded() {
        // given ktime_get_ns mocked to 1234
        LinuxEmulator linux = LinuxEmulator.builder().build();
        linux.environment().override(HelperId.KTIME_GET_NS, LinuxHelper.returning(1234));
        Program program = Program.of("ktime", new Assembler().mov64(Register.R1, 7).call(5).exit().build());

        // when the program calls it
        RunResult r = linux.run(program, ContextType.XDP, XdpInput.of(FRAME));

        // then the mock answered and the call is on the result with its arguments
        assertThat(r.returnValue()).isEqualTo(1234);
        assertThat(r.helperCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("bpf_ktime_get_ns");
            assertThat(c.arg(1)).isEqualTo(7);
            assertThat(c.result()).isEqualTo(1234);
        });
    }

    @Test
    void unemulatedHelperTrapsNamingItsNumberAndName() {
        // given a call to bpf_redirect_map, which the emulator does not answer by itself
        Program program = Program.of("redirect_map", new Assembler().call(51).exit().build());

        // when it runs, then the trap names the helper
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME)))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("helper 51 (bpf_redirect_map) is not emulated")
                .extracting(e -> ((TrapException) e).kind()).isEqualTo(TrapException.Kind.UNSUPPORTED);
    }

    @Test
    void helperOfAnotherProgramTypeTrapsAsTheVerifierWouldRefuseIt() {
        // given an XDP program calling bpf_skb_store_bytes
        Program program = Program.of("wrong_type", new Assembler().call(9).exit().build());

        // when it runs, then it traps naming the helper and the type
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME)))
                .hasMessageContaining("helper 9 (bpf_skb_store_bytes) is not available to xdp programs");
    }

    @Test
    void redirectIsRecordedWithItsTargetAndFlags() {
        // given a tc program redirecting to ifindex 3 ingress
        Program program = Program.of("redirect", new Assembler().mov64(Register.R1, 3).mov64(Register.R2, 1).call(23).exit().build());

        // when it runs
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.SCHED_CLS, SkbInput.of(FRAME));

        // then it returned TC_ACT_REDIRECT and the target is on the result
        assertThat(r.retval()).isEqualTo(7);
        assertThat(r.redirect()).hasValueSatisfying(t -> {
            assertThat(t.ifindex()).isEqualTo(3);
            assertThat(t.ingress()).isTrue();
        });
    }

    @Test
    void tailCallsStopAtTheKernelLimitAndFallThrough() {
        // given a program that counts in its context and tail-calls itself forever
        Program self = Program.of("chain", new Assembler()
                .mov64(Register.R6, Register.R1)
                .load(Size.DW, Register.R2, Register.R6, 0).add64(Register.R2, 1).store(Size.DW, Register.R6, 0, Register.R2)
                .mov64(Register.R1, Register.R6).mov64(Register.R2, 0).mov64(Register.R3, 0).call(HelperId.TAIL_CALL.id())
                .load(Size.DW, Register.R0, Register.R6, 0).exit().build());
        Program[] slot = {self};
        LinuxEmulator linux = LinuxEmulator.builder()
                .helpers(new HelperRegistry().register(HelperId.TAIL_CALL, TailCalls.helper((map, index) -> slot[0]))).build();

        // when it runs
        RunResult r = linux.run(self, ContextType.GENERIC, new RawInput(new byte[8]));

        // then the first run plus 33 tail calls executed, and the last call fell through
        assertThat(r.returnValue()).isEqualTo(1 + TailCalls.MAX_TAIL_CALL_CNT);
    }

    @Test
    void xdpContextIsReadOnlyAndEgressIfindexIsRefused() {
        // given programs writing xdp_md.data and reading egress_ifindex
        Program write = Program.of("write", new Assembler().mov64(Register.R2, 0).store(Size.W, Register.R1, 0, Register.R2).mov64(Register.R0, 2).exit().build());
        Program egress = Program.of("egress", new Assembler().load(Size.W, Register.R0, Register.R1, XdpLayout.EGRESS_IFINDEX).exit().build());
        LinuxEmulator linux = LinuxEmulator.builder().build();

        // when they run, then both trap with the verifier's reason
        assertThatThrownBy(() -> linux.run(write, ContextType.XDP, XdpInput.of(FRAME))).hasMessageContaining("xdp_md is read-only");
        assertThatThrownBy(() -> linux.run(egress, ContextType.XDP, XdpInput.of(FRAME))).hasMessageContaining("BPF_XDP_DEVMAP");
    }

    @Test
    void xdpMetadataFromTheInputPrecedesTheFrameInDataOutAndCtxOut() {
        // given 8 bytes of metadata and a program reading data - data_meta and ingress_ifindex
        Program program = Program.of("meta", new Assembler()
                .load(Size.W, Register.R2, Register.R1, XdpLayout.DATA).load(Size.W, Register.R3, Register.R1, XdpLayout.DATA_META)
                .mov64(Register.R0, Register.R2).alu64(AluOp.SUB, Register.R0, Register.R3)
                .load(Size.W, Register.R4, Register.R1, XdpLayout.INGRESS_IFINDEX).alu64(AluOp.LSH, Register.R4, 8).alu64(AluOp.OR, Register.R0, Register.R4)
                .exit().build());
        byte[] meta = {1, 2, 3, 4, 5, 6, 7, 8};

        // when it runs
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME).withMetadata(meta));

        // then the metadata length is 8, the device is loopback (1), and data_out starts with the metadata as test_run copies it
        assertThat(r.retval()).isEqualTo(1 << 8 | 8);
        assertThat(r.packet()).hasSize(8 + FRAME.length).startsWith(meta);
        assertThat(ContextBytes.u32(r.contextOut().orElseThrow(), XdpLayout.DATA)).isEqualTo(8);
        assertThat(List.of(r.contextField(XdpLayout.RX_QUEUE_INDEX))).containsExactly(0);
    }

    @Test
    void loopCallsTheCallbackUntilItAsksToStop() {
        // given bpf_loop(10, cb) where cb returns 1 at index 4
        Program program = Program.of("loop", new Assembler()
                .mov64(Register.R1, 10).functionAddress(Register.R2, "cb").mov64(Register.R3, 0).mov64(Register.R4, 0).call(181).exit()
                .label("cb").mov64(Register.R0, 0).jump(org.ebpftest.runtime.isa.JumpOp.JNE, Register.R1, 4, "done").mov64(Register.R0, 1)
                .label("done").exit().build());

        // when it runs
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.GENERIC, new RawInput(new byte[0]));

        // then five callbacks ran, as the kernel counts them
        assertThat(r.returnValue()).isEqualTo(5);
    }
}
