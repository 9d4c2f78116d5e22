package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;
import static org.ebpftest.runtime.isa.Register.R10;
import static org.ebpftest.runtime.isa.Register.R2;
import static org.ebpftest.runtime.isa.Register.R3;
import static org.ebpftest.runtime.isa.Register.R4;
import static org.ebpftest.runtime.isa.Register.R6;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.JumpOp;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-packet path of XDP runs, interpreted and compiled: context loads skip xdp_md's rules
 * once they allowed the same offset and size, packet and context accesses take the short checked
 * path, and the reused frame page is zeroed only where needed. Everything a run shows (verdict,
 * instruction count, data_out, the trap's message and pc) must be what the interpreter gives, on
 * the first run and on the runs after it.
 */
class XdpFastPathTest {
    private static final int RUNS = 3;

    /** The benchmark's parser: Ethernet + IPv4 + TCP bounds-checked against data_end, 1 for TCP port 22, else 2. */
    private static final Program PARSER = Program.of("parser", new Assembler()
            .load(Size.W, R2, R1, 0)
            .load(Size.W, R3, R1, 4)
            .mov64(R0, 2)
            .mov64(R4, R2).add64(R4, 54)
            .jump(JumpOp.JGT, R4, R3, "out")
            .load(Size.H, R4, R2, 12)
            .jump(JumpOp.JNE, R4, 0x0008, "out")
            .load(Size.B, R4, R2, 23)
            .jump(JumpOp.JNE, R4, 6, "out")
            .load(Size.B, R4, R2, 14)
            .alu64(AluOp.AND, R4, 0x0f)
            .alu64(AluOp.LSH, R4, 2)
            .jump(JumpOp.JLT, R4, 20, "out")
            .add64(R4, R2).add64(R4, 14)
            .mov64(R1, R4).add64(R1, 20)
            .jump(JumpOp.JGT, R1, R3, "out")
            .load(Size.H, R4, R4, 2)
            .toBigEndian(R4, 16)
            .jump(JumpOp.JNE, R4, 22, "out")
            .mov64(R0, 1)
            .label("out")
            .exit()
            .build());

    private static byte[] tcp(int length, int ihl, int port) {
        byte[] f = new byte[length];
        f[12] = 0x08;
        f[14] = (byte) (0x40 | ihl);
        f[23] = 6;
        int tcp = 14 + 4 * ihl;
        if (tcp + 4 <= length) {
            f[tcp + 2] = (byte) (port >> 8);
            f[tcp + 3] = (byte) port;
        }
        return f;
    }

    static Stream<Arguments> frames() {
        return Stream.of(
                Arguments.of("TCP to port 22", tcp(74, 5, 22), 1),
                Arguments.of("TCP to port 80", tcp(74, 5, 80), 2),
                Arguments.of("TCP to port 22 after IP options", tcp(90, 7, 22), 1),
                Arguments.of("IHL below 5", tcp(74, 4, 22), 2),
                Arguments.of("frame shorter than the headers", tcp(40, 5, 22), 2),
                Arguments.of("TCP header past data_end", tcp(60, 7, 22), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void parserGivesTheInterpretersVerdictCountAndPacketOnEveryRun(String what, byte[] frame, int verdict) {
        // given one emulator interpreting and one running compiled code
        LinuxEmulator interpreted = LinuxEmulator.builder().jit(JitMode.OFF).build();
        LinuxEmulator compiled = LinuxEmulator.builder().jit(JitMode.ON).build();

        for (int run = 0; run < RUNS; run++) {
            // when the parser runs on the frame, again and again
            RunResult expected = interpreted.run(PARSER, ContextType.XDP, XdpInput.of(frame));
            RunResult actual = compiled.run(PARSER, ContextType.XDP, XdpInput.of(frame));

            // then every run gives the interpreter's verdict, count and data_out
            assertThat(actual.retval()).as("run %d", run).isEqualTo(expected.retval()).isEqualTo(verdict);
            assertThat(actual.instructions()).isEqualTo(expected.instructions());
            assertThat(actual.packet()).isEqualTo(expected.packet()).isEqualTo(frame);
            assertThat(actual.contextOut()).contains(expected.contextOut().orElseThrow());
        }
        assertThat(PARSER.isCompiled()).isTrue();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                fault("packet load past data_end", "out-of-bounds load of 1 bytes", a -> a
                        .load(Size.W, R2, R1, 0)
                        .load(Size.B, R0, R2, 74)),
                fault("packet load below data", "out-of-bounds load of 2 bytes", a -> a
                        .load(Size.W, R2, R1, 0)
                        .load(Size.H, R0, R2, -2)),
                fault("store to xdp_md.data", "xdp_md is read-only", a -> a
                        .load(Size.W, R2, R1, 0)
                        .store(Size.W, R1, 0, R2)),
                fault("store of an immediate to xdp_md.ingress_ifindex", "xdp_md is read-only", a -> a
                        .store(Size.W, R1, 12, 7)),
                fault("misaligned xdp_md load", "xdp_md fields are read as aligned 4-byte words", a -> a
                        .load(Size.W, R0, R1, 2)),
                fault("2-byte load of a field just read as 4 bytes", "xdp_md fields are read as aligned 4-byte words", a -> a
                        .load(Size.W, R0, R1, 4)
                        .load(Size.H, R0, R1, 4)),
                fault("load of xdp_md.egress_ifindex", "only programs attached to a devmap", a -> a
                        .load(Size.W, R0, R1, 0)
                        .load(Size.W, R0, R1, 20)),
                fault("load past the end of xdp_md", "out-of-bounds load of 4 bytes", a -> a
                        .load(Size.W, R0, R1, 24)));
    }

    private static Arguments fault(String what, String message, UnaryOperator<Assembler> access) {
        return Arguments.of(what, message, access);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultingAccessTrapsWithTheInterpretersMessagePcAndCountOnEveryRun(String what, String message, UnaryOperator<Assembler> access) {
        // given a program that reads the allowed fields first (so that later runs have them
        // remembered), then makes the faulting access
        Program p = Program.of("fault", access.apply(new Assembler()
                .mov64(R6, R1)
                .load(Size.W, R3, R1, 4)
                .load(Size.W, R4, R1, 8)
                .mov64(R1, R6))
                .mov64(R0, 2)
                .exit()
                .build());
        LinuxEmulator interpreted = LinuxEmulator.builder().jit(JitMode.OFF).build();
        LinuxEmulator compiled = LinuxEmulator.builder().jit(JitMode.ON).build();

        for (int run = 0; run < RUNS; run++) {
            // when it runs interpreted and compiled, again and again
            TrapException expected = trap(interpreted, p);
            TrapException actual = trap(compiled, p);

            // then each run traps with the interpreter's message, at its pc
            assertThat(actual).as("run %d", run).hasMessage(expected.getMessage()).hasMessageContaining(message);
            assertThat(actual.kind()).isEqualTo(expected.kind()).isEqualTo(TrapException.Kind.MEMORY);
            assertThat(actual.pc()).isEqualTo(expected.pc());
        }
        assertThat(p.isCompiled()).isTrue();
    }

    @Test
    void eachResultKeepsItsOwnSideEffectsAfterTheEmulatorReusesItsRunRecordForLaterRuns() {
        // given a program that redirects a frame starting with 1 to ifindex 5, and prints "other"
        // and passes any other frame
        Assembler a = new Assembler()
                .mov64(R6, R1)
                .load(Size.W, R2, R6, 0)
                .load(Size.W, R3, R6, 4)
                .mov64(R0, 0)
                .mov64(R4, R2).add64(R4, 1)
                .jump(JumpOp.JGT, R4, R3, "out")
                .load(Size.B, R4, R2, 0)
                .jump(JumpOp.JNE, R4, 1, "print")
                .mov64(R1, 5).mov64(R2, 0)
                .call(23) // bpf_redirect
                .jump("out")
                .label("print");
        byte[] text = "other\0".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length; i++) {
            a.store(Size.B, R10, -8 + i, text[i]);
        }
        Program p = Program.of("redirect_or_print", a
                .mov64(R1, R10).add64(R1, -8).mov64(R2, text.length)
                .call(6) // bpf_trace_printk
                .mov64(R0, 2)
                .label("out")
                .exit()
                .build());
        byte[] toRedirect = tcp(74, 5, 22);
        toRedirect[0] = 1;
        byte[] toPrint = tcp(60, 5, 80);
        for (JitMode mode : JitMode.values()) {
            LinuxEmulator linux = LinuxEmulator.builder().jit(mode).build();

            // when it redirects, then prints, then redirects again on one emulator
            RunResult redirected = linux.run(p, ContextType.XDP, XdpInput.of(toRedirect));
            RunResult printed = linux.run(p, ContextType.XDP, XdpInput.of(toPrint));
            RunResult again = linux.run(p, ContextType.XDP, XdpInput.of(toRedirect));

            // then every result, read after the runs that followed it, reports its own run alone
            assertThat(redirected.retval()).as("%s", mode).isEqualTo(4);
            assertThat(redirected.redirect()).hasValueSatisfying(t -> assertThat(t.ifindex()).isEqualTo(5));
            assertThat(redirected.helperCalls()).extracting(c -> c.name()).containsExactly("bpf_redirect");
            assertThat(redirected.printed()).isEmpty();
            assertThat(redirected.packet()).isEqualTo(toRedirect);
            assertThat(printed.retval()).isEqualTo(2);
            assertThat(printed.redirect()).isEmpty();
            assertThat(printed.helperCalls()).extracting(c -> c.name()).containsExactly("bpf_trace_printk");
            assertThat(printed.printedMessages()).containsExactly("other");
            assertThat(printed.packet()).isEqualTo(toPrint);
            assertThat(printed.contextOut().orElseThrow()).isEqualTo(contextOut(60));
            assertThat(again.helperCalls()).extracting(c -> c.name()).containsExactly("bpf_redirect");
            assertThat(again.printed()).isEmpty();
            assertThat(again.finalContext()).isEqualTo(redirected.finalContext());
        }
    }

    /** test_run's ctx_out for a frame of {@code length} bytes without metadata: data 0, data_end length. */
    private static byte[] contextOut(int length) {
        byte[] out = new byte[24];
        out[4] = (byte) length;
        return out;
    }

    @Test
    void headroomExposedByAdjustHeadReadsAsZeroAfterAnEarlierRunWroteThereAndHadMetadata() {
        // given a program that moves data 16 bytes into the headroom and returns the first 8 bytes
        // there, and one that does the same but first fills them with ones
        Program reads = headroomProgram(false);
        Program writes = headroomProgram(true);
        for (JitMode mode : JitMode.values()) {
            LinuxEmulator linux = LinuxEmulator.builder().jit(mode).build();
            byte[] frame = tcp(74, 5, 22);

            // when the writer runs on a frame with 32 bytes of metadata, then the reader on one without
            RunResult written = linux.run(writes, ContextType.XDP, XdpInput.of(frame).withMetadata(filled(32, (byte) 0x5a)));
            RunResult read = linux.run(reads, ContextType.XDP, XdpInput.of(frame));

            // then the reader finds the zeroed page test_run hands every run
            assertThat(written.returnValue()).as("%s writer", mode).isEqualTo(-1L);
            assertThat(read.returnValue()).as("%s reader", mode).isZero();
            assertThat(read.packet()).hasSize(74 + 16).startsWith(new byte[16]);
        }
    }

    private static Program headroomProgram(boolean fill) {
        Assembler a = new Assembler()
                .mov64(R6, R1)
                .mov64(R2, -16)
                .call(44) // bpf_xdp_adjust_head
                .mov64(R0, 99)
                .load(Size.W, R2, R6, 0)
                .load(Size.W, R3, R6, 4)
                .mov64(R4, R2).add64(R4, 8)
                .jump(JumpOp.JGT, R4, R3, "out");
        if (fill) {
            a.store(Size.DW, R2, 0, -1);
        }
        return Program.of(fill ? "writes" : "reads", a
                .load(Size.DW, R0, R2, 0)
                .label("out")
                .exit()
                .build());
    }

    private static byte[] filled(int length, byte value) {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        return b;
    }

    private static TrapException trap(LinuxEmulator linux, Program p) {
        try {
            linux.run(p, ContextType.XDP, XdpInput.of(tcp(74, 5, 22)));
        } catch (TrapException t) {
            return t;
        }
        throw new AssertionError("expected a trap from " + p.name());
    }
}
