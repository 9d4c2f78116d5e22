package org.ebpftest.runtime.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.isa.Register.R0;
import static org.ebpftest.runtime.isa.Register.R1;

import org.ebpftest.runtime.isa.AluOp;
import org.ebpftest.runtime.isa.Assembler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * ALU and ALU64 semantics as the kernel defines them (RFC 9669 section 4.1 and the kernel's
 * interpreter in kernel/bpf/core.c): every result is computed through a real program.
 */
class AluSemanticsTest {

    private static long run(Assembler a) {
        return Vm.builder().build().run(org.ebpftest.runtime.vm.Program.of("alu", a.exit().build()));
    }

    /** r0 = a (64-bit constant); r1 = b; r0 op= r1 in 64 bits. */
    private static long alu64(AluOp op, long a, long b) {
        return run(new Assembler().lddw(R0, a).lddw(R1, b).alu64(op, R0, R1));
    }

    private static long alu32(AluOp op, long a, long b) {
        return run(new Assembler().lddw(R0, a).lddw(R1, b).alu32(op, R0, R1));
    }

    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource({
        "ADD, 0xffffffffffffffff, 1, 0",
        "SUB, 0, 1, 0xffffffffffffffff",
        "MUL, 0x100000000, 0x100000000, 0",
        "DIV, 0xffffffffffffffff, 2, 0x7fffffffffffffff",
        "DIV, 7, 0, 0",
        "MOD, 7, 0, 7",
        "MOD, 0xffffffffffffffff, 10, 5",
        "OR, 0xf0, 0x0f, 0xff",
        "AND, 0xff00, 0x0ff0, 0x0f00",
        "XOR, 0xff, 0x0f, 0xf0",
        "LSH, 1, 65, 2",
        "RSH, 0x8000000000000000, 63, 1",
        "RSH, 0x8000000000000000, 127, 1",
        "ARSH, 0x8000000000000000, 63, 0xffffffffffffffff",
        "MOV, 5, 0x123456789, 0x123456789",
    })
    void alu64FollowsTheKernel(AluOp op, String a, String b, String expected) {
        assertThat(alu64(op, Long.parseUnsignedLong(a.replace("0x", ""), a.startsWith("0x") ? 16 : 10),
                Long.parseUnsignedLong(b.replace("0x", ""), b.startsWith("0x") ? 16 : 10)))
                .isEqualTo(Long.parseUnsignedLong(expected.replace("0x", ""), expected.startsWith("0x") ? 16 : 10));
    }

    @ParameterizedTest(name = "{0} {1} {2} = {3} (32-bit)")
    @CsvSource({
        "ADD, 0xffffffff, 1, 0",
        "ADD, 0x1ffffffff, 0x100000001, 0",
        "SUB, 0, 1, 0xffffffff",
        "MUL, 0x10000, 0x10000, 0",
        "DIV, 0xffffffff, 2, 0x7fffffff",
        "DIV, 0x100000007, 0x100000000, 0",
        "MOD, 0x100000007, 0x100000000, 7",
        "MOD, 0x1234567ff, 0x10, 0xf",
        "OR, 0xffffffff00000000, 1, 1",
        "AND, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffff",
        "XOR, 0xffffffff00000001, 0, 1",
        "LSH, 1, 33, 2",
        "RSH, 0x80000000, 63, 1",
        "ARSH, 0x80000000, 31, 0xffffffff",
        "ARSH, 0xffffffff80000000, 4, 0xf8000000",
        "MOV, 0, 0xffffffffffffffff, 0xffffffff",
    })
    void alu32ZeroExtendsAndMasksShiftCounts(AluOp op, String a, String b, String expected) {
        assertThat(alu32(op, Long.parseUnsignedLong(a.replace("0x", ""), a.startsWith("0x") ? 16 : 10),
                Long.parseUnsignedLong(b.replace("0x", ""), b.startsWith("0x") ? 16 : 10)))
                .isEqualTo(Long.parseUnsignedLong(expected.replace("0x", ""), expected.startsWith("0x") ? 16 : 10));
    }

    @Test
    void signedDivisionTruncatesTowardZeroAndHandlesIntMinByMinusOne() {
        assertThat(run(new Assembler().mov64(R0, -7).mov64(R1, 2).signed64(AluOp.DIV, R0, R1))).isEqualTo(-3);
        assertThat(run(new Assembler().lddw(R0, Long.MIN_VALUE).mov64(R1, -1).signed64(AluOp.DIV, R0, R1))).isEqualTo(Long.MIN_VALUE);
        assertThat(run(new Assembler().lddw(R0, Long.MIN_VALUE).mov64(R1, -1).signed64(AluOp.MOD, R0, R1))).isZero();
        assertThat(run(new Assembler().mov64(R0, Integer.MIN_VALUE).mov64(R1, -1).signed32(AluOp.DIV, R0, R1))).isEqualTo(0x80000000L);
        assertThat(run(new Assembler().mov64(R0, -7).mov64(R1, 0).signed64(AluOp.DIV, R0, R1))).isZero();
    }

    @Test
    void signedModuloTakesTheSignOfTheDividendAndKeepsItForZero() {
        assertThat(run(new Assembler().mov64(R0, -7).mov64(R1, 2).signed64(AluOp.MOD, R0, R1))).isEqualTo(-1);
        assertThat(run(new Assembler().mov64(R0, 7).mov64(R1, -2).signed64(AluOp.MOD, R0, R1))).isEqualTo(1);
        assertThat(run(new Assembler().mov64(R0, -7).mov64(R1, 0).signed64(AluOp.MOD, R0, R1))).isEqualTo(-7);
        assertThat(run(new Assembler().mov64(R0, -7).mov64(R1, 0).signed32(AluOp.MOD, R0, R1))).isEqualTo(0xfffffff9L);
    }

    @Test
    void negationWrapsAndTheThirtyTwoBitFormZeroExtends() {
        assertThat(run(new Assembler().lddw(R0, Long.MIN_VALUE).alu64(AluOp.NEG, R0, 0))).isEqualTo(Long.MIN_VALUE);
        assertThat(run(new Assembler().mov64(R0, 1).alu32(AluOp.NEG, R0, 0))).isEqualTo(0xffffffffL);
    }

    @Test
    void signExtendingMovesTakeTheLowBitsOfTheSource() {
        assertThat(run(new Assembler().mov64(R1, 0x80).movsx64(R0, R1, 8))).isEqualTo(-128);
        assertThat(run(new Assembler().mov64(R1, 0x8001).movsx64(R0, R1, 16))).isEqualTo(-32767);
        assertThat(run(new Assembler().lddw(R1, 0x1_8000_0000L).movsx64(R0, R1, 32))).isEqualTo(-0x8000_0000L);
        assertThat(run(new Assembler().mov64(R1, 0x7f).movsx64(R0, R1, 8))).isEqualTo(0x7f);
    }

    @Test
    void byteSwapsFollowTheHostBeingLittleEndian() {
        long v = 0x1122334455667788L;
        assertThat(run(new Assembler().lddw(R0, v).toBigEndian(R0, 16))).isEqualTo(0x8877);
        assertThat(run(new Assembler().lddw(R0, v).toBigEndian(R0, 32))).isEqualTo(0x88776655L);
        assertThat(run(new Assembler().lddw(R0, v).toBigEndian(R0, 64))).isEqualTo(0x8877665544332211L);
        assertThat(run(new Assembler().lddw(R0, v).toLittleEndian(R0, 16))).isEqualTo(0x7788);
        assertThat(run(new Assembler().lddw(R0, v).toLittleEndian(R0, 32))).isEqualTo(0x55667788L);
        assertThat(run(new Assembler().lddw(R0, v).toLittleEndian(R0, 64))).isEqualTo(v);
        assertThat(run(new Assembler().lddw(R0, v).bswap(R0, 16))).isEqualTo(0x8877);
        assertThat(run(new Assembler().lddw(R0, v).bswap(R0, 64))).isEqualTo(0x8877665544332211L);
    }

    @Test
    void immediateOperandsAreSignExtendedIn64BitOps() {
        assertThat(run(new Assembler().mov64(R0, 0).alu64(AluOp.ADD, R0, -1))).isEqualTo(-1L);
        assertThat(run(new Assembler().mov64(R0, 0).alu32(AluOp.ADD, R0, -1))).isEqualTo(0xffffffffL);
        assertThat(run(new Assembler().mov64(R0, -1).alu64(AluOp.RSH, R0, 60))).isEqualTo(0xf);
    }
}
