package org.ebpftest.runtime.linux.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * 64-bit shifts by a constant, against the bounds Linux 6.18's verifier log printed for
 * map_bounds/signed_index_only_upper_bound.c (bpftool prog load of the corpus object).
 */
class ShiftBoundsTest {
    private static final int LSH = 0x60;
    private static final int ARSH = 0xc0;

    private static Scalar shift(int op, Scalar v, int k) {
        return Alu.scalar(op, 0, Reg.scalar(v), Reg.constant(k), true);
    }

    @Test
    void followsTheKernelThroughASignExtendedIndexCheckedFromAboveOnly() {
        // 9: r2 = *(u32 *)(r6 +16)
        Scalar index = Scalar.ofBytes(4);

        // 10: r2 <<= 32 ; smax=0x7fffffff00000000,umax=0xffffffff00000000,var_off=(0x0; 0xffffffff00000000)
        Scalar high = shift(LSH, index, 32);
        assertThat(high.exact()).isTrue();
        assertThat(high.smin()).isEqualTo(Long.MIN_VALUE);
        assertThat(high.smax()).isEqualTo(0x7fffffff00000000L);
        assertThat(high.umin()).isZero();
        assertThat(high.umax()).isEqualTo(0xffffffff00000000L);

        // 11: r2 s>>= 32 ; smin=0xffffffff80000000,smax=0x7fffffff
        Scalar extended = shift(ARSH, high, 32);
        assertThat(extended).isEqualTo(new Scalar(Integer.MIN_VALUE, Integer.MAX_VALUE, true));

        // 12: if r2 s> 0x13 goto pc+11, not taken ; smin=0xffffffff80000000,smax=19
        Scalar checked = extended.intersectSigned(Long.MIN_VALUE, 19);

        // 13: r2 <<= 32 ; smax=0x1300000000, no signed minimum
        Scalar again = shift(LSH, checked, 32);
        assertThat(again.smin()).isEqualTo(Long.MIN_VALUE);
        assertThat(again.smax()).isEqualTo(0x1300000000L);

        // 16: r2 += 0xfffffffc00000000, then 17: r2 s>>= 32 ; smin=0xffffffff80000000,smax=0x7fffffff
        Scalar minusFour = shift(ARSH, again.plus(0xfffffffc00000000L), 32);
        assertThat(minusFour).isEqualTo(new Scalar(Integer.MIN_VALUE, Integer.MAX_VALUE, true));

        // 18: r2 <<= 2 ; smax=0x7ffffffffffffffc,umax=0xfffffffffffffffc: the minimum is gone
        Scalar scaled = shift(LSH, minusFour, 2);
        assertThat(scaled.exact()).isTrue();
        assertThat(scaled.smin()).isEqualTo(Long.MIN_VALUE);
        assertThat(scaled.smax()).isEqualTo(0x7ffffffffffffffcL);
        assertThat(scaled.umax()).isEqualTo(0xfffffffffffffffcL);
        assertThat(scaled.stride()).isEqualTo(4);
    }

    @Test
    void keepsANonNegativeIndexThroughTheShiftPair() {
        Scalar index = new Scalar(0, 100, true);

        Scalar extended = shift(ARSH, shift(LSH, index, 32), 32);

        assertThat(extended).isEqualTo(index);
    }

    @Test
    void keepsTheStrideOfAScaledBoundedIndex() {
        // the kernel's [0, 120] with var_off (0x0; 0x78): every multiple of 8
        assertThat(shift(LSH, new Scalar(0, 15, true), 3)).isEqualTo(new Scalar(0, 120, true, 8));
    }

    @Test
    void keepsTheSignedBoundsOfANegativeRangeShiftedBy32() {
        // Linux 6.18 shifts negative 32-bit bounds too: [-3, 5] << 32 is smin=0xfffffffd00000000,smax=0x500000000
        Scalar shifted = shift(LSH, new Scalar(-3, 5, true), 32);

        assertThat(shifted.smin()).isEqualTo(0xfffffffd00000000L);
        assertThat(shifted.smax()).isEqualTo(0x500000000L);
        assertThat(shift(ARSH, shifted, 32)).isEqualTo(new Scalar(-3, 5, true));
    }
}
