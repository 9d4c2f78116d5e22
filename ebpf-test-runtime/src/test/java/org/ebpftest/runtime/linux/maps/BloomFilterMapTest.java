package org.ebpftest.runtime.linux.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.runtime.linux.maps.MapsTestSupport.errno;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.uapi.MapFlags;
import org.ebpftest.runtime.uapi.MapType;
import org.junit.jupiter.api.Test;

/**
 * The false positives of zero-seeded bloom filters, pinned against Linux 6.18: a small C program
 * created the filter with {@code BPF_F_ZERO_SEED} and {@code map_extra}, pushed values 1..n
 * (u32, then bytes of 9) with {@code BPF_MAP_UPDATE_ELEM} and probed larger values with
 * {@code BPF_MAP_LOOKUP_ELEM}; these are the values the kernel called present.
 */
class BloomFilterMapTest {

    private static BloomFilterMap filter(int valueSize, int entries, int extra) {
        return (BloomFilterMap) BpfMaps.create(MapDefinition.of("b", MapType.BLOOM_FILTER, 0, valueSize, entries)
                .withFlags(MapFlags.BPF_F_ZERO_SEED).withMapExtra(extra));
    }

    private static byte[] value(int size, int i) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) 9);
        System.arraycopy(MapsTestSupport.u32(i), 0, v, 0, Math.min(4, size));
        return v;
    }

    private static List<Integer> falsePositives(BloomFilterMap f, int size, int pushes, int probes) {
        IntStream.rangeClosed(1, pushes).forEach(i -> assertThat(errno(() -> f.push(value(size, i), MapFlags.BPF_ANY))).isZero());
        List<Integer> out = new ArrayList<>();
        for (int i = pushes + 1; i <= probes; i++) {
            if (f.mightContain(value(size, i))) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void defaultFiveHashesGiveKernelFalsePositivesConfirmedAgainstKernel() {
        BloomFilterMap f = filter(4, 4, 0);
        assertThat(f.hashCount()).isEqualTo(5);
        assertThat(f.bitCount()).isEqualTo(64);
        assertThat(falsePositives(f, 4, 20, 400)).containsExactly(
            22, 23, 27, 32, 33, 35, 36, 40, 43, 46, 48, 51, 53, 56, 59, 62, 64, 69, 70, 72, 75, 77,
            79, 80, 84, 85, 89, 94, 95, 98, 99, 101, 103, 105, 106, 109, 114, 115, 120, 127, 130,
            132, 134, 135, 136, 137, 138, 139, 140, 143, 144, 149, 150, 151, 153, 154, 155, 156,
            157, 162, 164, 166, 169, 174, 177, 179, 184, 188, 194, 195, 198, 200, 204, 207, 211,
            212, 213, 219, 223, 226, 228, 231, 236, 237, 241, 249, 251, 254, 258, 263, 264, 266,
            268, 270, 271, 272, 273, 275, 279, 299, 306, 307, 310, 312, 314, 316, 320, 322, 324,
            329, 330, 331, 332, 333, 334, 335, 338, 340, 341, 342, 344, 346, 348, 350, 354, 355,
            357, 360, 362, 363, 369, 382, 385, 387, 389, 393, 395, 398);
    }

    @Test
    void mapExtraSetsHashCountConfirmedAgainstKernel() {
        BloomFilterMap f = filter(4, 10, 2);
        assertThat(f.hashCount()).isEqualTo(2);
        assertThat(falsePositives(f, 4, 30, 500)).containsExactly(
            32, 33, 36, 37, 40, 45, 48, 49, 60, 61, 68, 72, 76, 78, 82, 83, 85, 89, 91, 94, 95, 98,
            100, 101, 103, 104, 106, 108, 109, 114, 124, 125, 126, 127, 128, 135, 138, 141, 144,
            148, 149, 154, 158, 159, 160, 162, 166, 167, 168, 171, 176, 177, 180, 184, 185, 187,
            190, 192, 194, 195, 196, 198, 201, 204, 209, 210, 212, 213, 214, 215, 219, 223, 225,
            228, 233, 235, 237, 240, 241, 244, 245, 248, 249, 251, 252, 253, 254, 262, 272, 273,
            279, 281, 283, 291, 295, 299, 301, 304, 307, 308, 310, 312, 316, 319, 322, 324, 325,
            327, 330, 331, 338, 341, 342, 345, 354, 355, 360, 363, 373, 377, 382, 383, 386, 387,
            388, 395, 397, 398, 402, 404, 407, 411, 419, 422, 423, 424, 431, 435, 438, 442, 444,
            446, 451, 452, 455, 456, 457, 458, 462, 464, 466, 476, 478, 479, 482, 483, 484, 487,
            489, 492, 495, 498);
    }

    @Test
    void oddValueSizeUsesByteWiseHashConfirmedAgainstKernel() {
        assertThat(falsePositives(filter(6, 3, 0), 6, 3, 2000)).containsExactly(722, 1577);
    }

    @Test
    void pushFlagsOtherThanAnyAreEinvalAndPopIsUnsupportedConfirmedAgainstKernel() {
        BloomFilterMap f = filter(4, 4, 0);
        assertThat(errno(() -> f.push(value(4, 1), MapFlags.BPF_EXIST))).isEqualTo(-Errno.EINVAL);
        assertThat(f.popElem(new byte[4], 0)).isEqualTo(-Errno.EOPNOTSUPP);
        assertThat(f.peekElem(value(4, 1), 0)).isEqualTo(-Errno.ENOENT);
    }
}
