package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.KernelFixtures;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Helper arguments that come as (pointer, size): sizes the verifier would refuse trap at the call,
 * naming the helper and the argument, instead of reaching the helper (which once allocated from them).
 */
class SizedArgumentsTest {
    private static final byte[] FRAME = KernelFixtures.bytes("ipv4tcp.bin");
    private static final Register[] ARGS = {Register.R1, Register.R2, Register.R3, Register.R4, Register.R5};

    /** A program that calls a helper with pointers to r10 - 256, 8 in its other size arguments and {@code value} in {@code reg}. */
    private static Program call(String name, int helper, int reg, long value) {
        Assembler a = new Assembler();
        for (Register r : ARGS) {
            a.mov64(r, Register.R10).add64(r, -256);
        }
        for (SizedArguments.Pair p : SizedArguments.of(HelperId.of(helper).orElseThrow())) {
            a.mov64(ARGS[p.size() - 1], 8);
        }
        a.lddw(ARGS[reg - 1], value);
        return Program.of(name, a.call(helper).exit().build());
    }

    @Test
    void strtolWithALengthOf0xfffffff4TrapsNamingTheHelperAndArgument() {
        // given bpf_strtol(buf, 0xfffffff4, 0, &res): the fuzzer's call that once hit NegativeArraySizeException
        Assembler a = new Assembler().store(Size.DW, Register.R10, -16, 0x3231)
                .mov64(Register.R1, Register.R10).add64(Register.R1, -16)
                .lddw(Register.R2, 0xfffffff4L).mov64(Register.R3, 0)
                .mov64(Register.R4, Register.R10).add64(Register.R4, -8)
                .call(105).exit();
        Program program = Program.of("strtol_len", a.build());

        // when it runs, then it traps at the call, before the helper reads anything
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME)))
                .isInstanceOfSatisfying(TrapException.class, t -> {
                    assertThat(t.kind()).isEqualTo(TrapException.Kind.HELPER);
                    assertThat(t.pc()).isEqualTo(8);
                    assertThat(t.programName()).isEqualTo("strtol_len");
                })
                .hasMessageContaining("bpf_strtol argument 2 (buf_len) is 4294967284 (0xfffffff4)")
                .hasMessageContaining("BPF_MAX_VAR_SIZ")
                .hasMessageContaining("at pc 8");
    }

    @Test
    void skbLoadBytesWithALengthOf0x7fffffffTrapsInsteadOfAllocating() {
        // given bpf_skb_load_bytes(skb, 0, stack, 0x7fffffff): the call that once ran out of memory
        Assembler a = new Assembler().mov64(Register.R2, 0)
                .mov64(Register.R3, Register.R10).add64(Register.R3, -64)
                .mov64(Register.R4, 0x7fffffff).call(26).exit();
        Program program = Program.of("load_huge", a.build());

        // when a tc program runs it, then it traps naming the helper and the length
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.SCHED_CLS, SkbInput.of(FRAME)))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.HELPER))
                .hasMessageContaining("bpf_skb_load_bytes argument 4 (len) is 2147483647 (0x7fffffff)");
    }

    @Test
    void skbLoadBytesPastTheStackTrapsAsAMemoryErrorNamingThePointer() {
        // given a bounded length that is still larger than the stack below the buffer
        Assembler a = new Assembler().mov64(Register.R2, 0)
                .mov64(Register.R3, Register.R10).add64(Register.R3, -64)
                .mov64(Register.R4, 1000).call(26).exit();
        Program program = Program.of("load_past_stack", a.build());

        // when it runs, then the destination is refused before anything is written
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.SCHED_CLS, SkbInput.of(FRAME)))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.MEMORY))
                .hasMessageContaining("bpf_skb_load_bytes argument 3 (to, 1000 bytes by argument 4)")
                .hasMessageContaining("mapped regions");
    }

    @Test
    void aZeroSizeWhereTheHelperNeedsOneTraps() {
        // given bpf_strncmp(s1, 0, s2): ARG_CONST_SIZE does not allow 0
        Assembler a = new Assembler().store(Size.DW, Register.R10, -8, 0)
                .mov64(Register.R1, Register.R10).add64(Register.R1, -8).mov64(Register.R2, 0)
                .mov64(Register.R3, Register.R10).add64(Register.R3, -8).call(182).exit();
        Program program = Program.of("strncmp_zero", a.build());

        // when it runs, then it traps as the verifier's "invalid zero-sized read"
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME)))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_strncmp argument 2 (s1_sz) is 0");
    }

    @Test
    void csumDiffTakesNullWithASizeOfZero() {
        // given bpf_csum_diff(NULL, 0, NULL, 0, 0x1234): both pointers are PTR_MAYBE_NULL
        Assembler a = new Assembler().mov64(Register.R1, 0).mov64(Register.R2, 0).mov64(Register.R3, 0).mov64(Register.R4, 0)
                .mov64(Register.R5, 0x1234).call(28).exit();
        Program program = Program.of("csum_null", a.build());

        // when it runs, then it answers the folded seed
        assertThat(LinuxEmulator.builder().build().run(program, ContextType.XDP, XdpInput.of(FRAME)).returnValue()).isEqualTo(0x1234);
    }

    static Stream<Arguments> everySizedArgument() {
        List<Arguments> cases = new ArrayList<>();
        for (HelperId id : HelperId.values()) {
            for (SizedArguments.Pair p : SizedArguments.of(id)) {
                cases.add(Arguments.of(id.kernelName(), id.id(), p.size(), p.sizeName()));
            }
        }
        assertThat(cases).hasSizeGreaterThan(25);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} argument {2} ({3})")
    @MethodSource("everySizedArgument")
    void everySizeArgumentAtOrAboveBpfMaxVarSizTraps(String name, int id, int sizeArg, String sizeName) {
        // given a call with that size argument at 1 << 29 and every other argument a stack pointer
        Program program = call("huge_" + id, id, sizeArg, 1L << 29);
        ContextType type = availableTo(id);

        // when a program of a type the helper is offered to runs it
        // then the trap names the helper and the argument, whatever the helper would have done
        assertThatThrownBy(() -> run(program, id, type))
                .isInstanceOfSatisfying(TrapException.class, t -> assertThat(t.kind()).isEqualTo(TrapException.Kind.HELPER))
                .hasMessageContaining(name + " argument " + sizeArg + " (" + sizeName + ") is 536870912");
    }

    private static ContextType availableTo(int id) {
        HelperRegistry registry = HelperRegistry.emulated();
        HelperId helper = HelperId.of(id).orElseThrow();
        for (ContextType t : List.of(ContextType.SCHED_CLS, ContextType.XDP, ContextType.GENERIC)) {
            if (registry.availableTo(helper, t) || registry.get(helper).isEmpty()) {
                return t;
            }
        }
        throw new IllegalStateException("no program type offers helper " + id);
    }

    /** Runs on an emulator where helpers the table lacks (the map helpers, which come with a loaded object) answer 0. */
    private static RunResult run(Program program, int id, ContextType type) {
        LinuxEmulator.Builder b = LinuxEmulator.builder();
        HelperId helper = HelperId.of(id).orElseThrow();
        if (HelperRegistry.emulated().get(helper).isEmpty()) {
            b.helpers(new HelperRegistry().register(helper, LinuxHelper.returning(0)));
        }
        LinuxEmulator linux = b.build();
        return switch (type) {
            case XDP -> linux.run(program, ContextType.XDP, XdpInput.of(FRAME));
            case GENERIC -> linux.run(program, ContextType.GENERIC, new RawInput(new byte[64]));
            default -> linux.run(program, type, SkbInput.of(FRAME));
        };
    }
}
