package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Arithmetic between two registers and bitwise operations on scalars: the results the verifier
 * keeps exact, against what Linux 6.18's verifier log printed for the corpus cases in
 * {@code arith/} (bpftool prog load of each object), and those it must leave coarse.
 */
class RegisterArithmeticTest {
    private static final int ADD = 0x00;
    private static final int SUB = 0x10;
    private static final int MUL = 0x20;
    private static final int DIV = 0x30;
    private static final int OR = 0x40;
    private static final int MOD = 0x90;
    private static final int AND = 0x50;
    private static final int RSH = 0x70;
    private static final int XOR = 0xa0;
    private static final Scalar BYTE = Scalar.ofBytes(1);

    private static Scalar alu(int op, Scalar a, Scalar b, boolean is64) {
        return Alu.scalar(op, 0, Reg.scalar(a), Reg.scalar(b), is64);
    }

    @Test
    void oneByteLessAnotherMayBeNegative() {
        // difference_of_two_bytes_as_index: r1 -= r3 ; smin=-255,smax=255 (the unsigned bounds are lost)
        Scalar d = alu(SUB, BYTE, BYTE, true);

        assertThat(d).isEqualTo(new Scalar(-255, 255, true));
        assertThat(d.smin()).isEqualTo(-255);
        assertThat(d.umax()).isEqualTo(-1L);
    }

    @Test
    void twoBytesAddedReachFiveHundredAndTen() {
        assertThat(alu(ADD, BYTE, BYTE, true)).isEqualTo(new Scalar(0, 510, true));
        assertThat(alu(ADD, BYTE, BYTE, false)).isEqualTo(new Scalar(0, 510, true));
    }

    @Test
    void sumsCoveringEveryValueAreUnknownAndNotCoarse() {
        Scalar sum = alu(ADD, Scalar.UNKNOWN, BYTE, true);

        assertThat(sum.exact()).isTrue();
        assertThat(sum.isFull()).isTrue();
    }

    @Test
    void aThirtyTwoBitSumThatMayWrapIsCoarse() {
        Scalar word = Scalar.ofBytes(4);

        assertThat(alu(ADD, word, BYTE, false).exact()).isFalse();
        assertThat(alu(SUB, BYTE, new Scalar(0, 1, true), false).exact()).isFalse();
        assertThat(alu(SUB, new Scalar(10, 20, true), new Scalar(0, 5, true), false)).isEqualTo(new Scalar(5, 20, true));
    }

    @Test
    void aStridedValuePlusARangeThatFillsItsGapsIsOneRange() {
        Scalar zeroOrFour = new Scalar(0, 4, true, 4);

        assertThat(alu(ADD, zeroOrFour, new Scalar(0, 3, true), true)).isEqualTo(new Scalar(0, 7, true));
        assertThat(alu(ADD, zeroOrFour, new Scalar(0, 2, true), true).exact()).isFalse();
    }

    @Test
    void aLinkedRegisterPlusAConstantStaysCoarse() {
        // the kernel keeps the link with the constant as offset, which a plain value here would lose
        Reg linked = Reg.scalar(BYTE).withLink(7);

        assertThat(Alu.scalar(ADD, 0, linked, Reg.constant(4), true).exact()).isFalse();
        assertThat(Alu.scalar(ADD, 0, Reg.scalar(BYTE), Reg.constant(4), true)).isEqualTo(new Scalar(4, 259, true));
    }

    @Test
    void xorOfAnUnknownValueIsStillAnyValue() {
        // xor_of_unknown_may_be_zero: r1 ^= 3 ; R1=scalar()
        Scalar x = alu(XOR, Scalar.UNKNOWN, Scalar.constant(3), true);

        assertThat(x.exact()).isTrue();
        assertThat(x.isFull()).isTrue();
        assertThat(alu(XOR, BYTE, Scalar.constant(0xff), false)).isEqualTo(BYTE);
        assertThat(alu(XOR, Scalar.UNKNOWN, Scalar.constant(3), false)).isEqualTo(Scalar.ofBytes(4));
    }

    @Test
    void bitwiseOperationsOnTnumShapedValuesFollowTheTnum() {
        Scalar nibble = new Scalar(0, 15, true);

        // or_of_two_nibbles_past_value: r1 |= r3 ; umax=15,var_off=(0x0; 0xf)
        assertThat(alu(OR, nibble, nibble, true)).isEqualTo(nibble);
        assertThat(alu(AND, BYTE, new Scalar(0, 0xf0, true, 0x10), true)).isEqualTo(new Scalar(0, 0xf0, true, 0x10));
        assertThat(alu(OR, nibble, Scalar.constant(0x30), true)).isEqualTo(new Scalar(0x30, 0x3f, true));
        assertThat(alu(OR, BYTE, Scalar.constant(1), true)).isEqualTo(new Scalar(1, 255, true, 2)); // the odd bytes
    }

    @Test
    void resultsThatAreNoIntervalAreCoarse() {
        assertThat(alu(XOR, new Scalar(0, 5000, true), Scalar.constant(1), true).exact()).isFalse(); // too many to list
        assertThat(alu(OR, new Scalar(0, 15, true), Scalar.constant(5), true).exact()).isFalse(); // 5, 7, 13, 15
        assertThat(alu(AND, new Scalar(3, 5, true), Scalar.constant(5), true).exact()).isFalse(); // 1, 4, 5
    }

    @Test
    void fewValuesAreCombinedOneByOne() {
        // invalid_range_check of the kernel's verifier_and: w9 &= w1 of {1, 2} ; w3 *= 0x10000000 of {0, 1}
        assertThat(alu(AND, Scalar.constant(1), new Scalar(1, 2, true), false)).isEqualTo(new Scalar(0, 1, true));
        assertThat(alu(MUL, new Scalar(0, 1, true), Scalar.constant(0x10000000), false)).isEqualTo(new Scalar(0, 0x10000000, true, 0x10000000));
        assertThat(alu(XOR, new Scalar(0, 5, true), Scalar.constant(1), true)).isEqualTo(new Scalar(0, 5, true));
    }

    @Test
    void divisionModuloAndShiftsByUnknownAmountsGiveAnyValueAsInTheKernel() {
        // modulo_of_word_as_index: Linux 6.18 computes no bounds there
        assertThat(alu(MOD, Scalar.ofBytes(4), Scalar.constant(16), false)).isEqualTo(Scalar.UNKNOWN);
        assertThat(alu(DIV, Scalar.ofBytes(1), Scalar.constant(2), true)).isEqualTo(Scalar.UNKNOWN);
        // of two constants the kernel knows nothing either, but the true value is among what it holds
        assertThat(alu(DIV, Scalar.constant(300), Scalar.constant(2), true)).isEqualTo(Scalar.constant(150));
        assertThat(alu(0x60, BYTE, new Scalar(0, 3, true), true)).isEqualTo(Scalar.UNKNOWN);
        assertThat(alu(0x60, BYTE, Scalar.constant(3), true)).isEqualTo(new Scalar(0, 255 << 3, true, 8));
    }

    @Test
    void thirtyTwoBitLeftShiftOfEveryLowHalfIsEveryMultiple() {
        // array_with_no_floor_check of the kernel's verifier_array_access: w1 <<= 2 of a value checked s< 11 only
        Scalar belowEleven = Scalar.UNKNOWN.intersectSigned(Long.MIN_VALUE, 10);
        Scalar shifted = Alu.scalar(0x60, 0, Reg.scalar(belowEleven), Reg.constant(2), false);

        assertThat(shifted).isEqualTo(new Scalar(0, 0xfffffffcL, true, 4));
    }

    @Test
    void rightShiftOfAByteLessOneFollowsTheKernelsBounds() {
        // right_shift_of_byte_less_one: r1 -= 1 ; smin=-1,smax=254 ; r1 >>= 56 ; umax=255,var_off=(0x0; 0xff)
        Scalar lessOne = BYTE.plus(-1);
        Scalar shifted = Alu.scalar(RSH, 0, Reg.scalar(lessOne), Reg.constant(56), true);

        assertThat(shifted).isEqualTo(new Scalar(0, 255, true));
    }

    @Test
    void lowHalvesOfARangeAcrossFourGibKeepTheLargerPieceButNeverOneValue() {
        // low_half_of_range_crossing_four_gib: 0xffffff80 .. 0x1_0000_007f, pieces of 128 values each
        assertThat(Alu.lowHalves(new Scalar(0xffffff80L, 0x10000007fL, true))).isEqualTo(new Scalar(0, 0x7f, true));
        assertThat(Alu.lowHalves(new Scalar(0xffffff00L, 0x100000001L, true))).isEqualTo(new Scalar(0xffffff00L, 0xffffffffL, true));
        assertThat(Alu.lowHalves(new Scalar(0xffffffffL, 0x100000000L, true)).exact()).isFalse();
        assertThat(Alu.lowHalves(new Scalar(0x100000000L, 0x1000000ffL, true))).isEqualTo(BYTE);
    }

    @Test
    void negationTurnsAWrappedIntervalRound() {
        assertThat(Alu.negated(new Scalar(-4, 10, true))).isEqualTo(new Scalar(-10, 4, true));
        assertThat(Alu.negated(new Scalar(0, 12, true, 4))).isEqualTo(new Scalar(-12, 0, true, 4));
    }
}
