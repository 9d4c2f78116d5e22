package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * helper_edges.c against this machine's kernel: bpf_csum_diff on many random inputs (its exact
 * 32-bit arithmetic shows in which of the two ones' complement zeros it returns), and bpf_loop
 * where the verifier inlines it and where it does not.
 */
@Tag("kernel")
class HelperEdgesKernelTest {
    private static final String OBJECT = "helper_edges.o";
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    private static byte[] object() throws IOException {
        try (InputStream in = HelperEdgesKernelTest.class.getResourceAsStream("/elf/" + OBJECT)) {
            return in.readAllBytes();
        }
    }

    /** Random bytes, half of them 0x00 or 0xff, which is where the two zeros of ones' complement meet. */
    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(4);
            b[i] = pick == 0 ? 0 : pick == 1 ? (byte) 0xff : (byte) random.nextInt(256);
        }
        return b;
    }

    private static int size(Random random) {
        return random.nextInt(5) == 0 ? random.nextInt(128) : 4 * random.nextInt(32);
    }

    /** A csum_diff_bytes packet: the sizes, the seed, 128 bytes of "from" and 128 of "to". */
    private static byte[] csumPacket(int fromSize, int toSize, int seed, byte[] from, byte[] to) {
        return ByteBuffer.allocate(280).order(ByteOrder.LITTLE_ENDIAN).put(0, (byte) fromSize).put(1, (byte) toSize).putInt(4, seed)
                .put(8, from).put(136, to).array();
    }

    /**
     * The fuzzer's ff ff ff ff to 00 00 00 00; all-ones data (which sums to a ones' complement
     * zero) for every chain length of x86-64's csum_partial, pushed, pulled and diffed, with the
     * two zeros as seeds; then 150 random packets: sizes up to 127 (mostly multiples of 4), edge and
     * random seeds, bytes biased to 0x00 and 0xff.
     */
    static List<byte[]> csumCases() {
        List<byte[]> cases = new ArrayList<>();
        byte[] ones = new byte[128];
        Arrays.fill(ones, (byte) 0xff);
        byte[] zeros = new byte[128];
        cases.add(csumPacket(4, 4, 0, HEX.parseHex("ffffffff"), new byte[4]));
        for (int size : new int[] {4, 8, 12, 16, 32, 40, 44, 48, 80, 88, 120, 124, 127}) {
            for (int seed : new int[] {0, 0xffffffff}) {
                cases.add(csumPacket(0, size, seed, zeros, ones));
                cases.add(csumPacket(size, 0, seed, ones, zeros));
                cases.add(csumPacket(size, size, seed, zeros, ones));
            }
        }
        Random random = new Random(20261207);
        int[] seeds = {0, 0xffffffff, 0xffff, 0xffff0000, 0xfffe, 1};
        for (int i = 0; i < 150; i++) {
            int seed = random.nextBoolean() ? seeds[random.nextInt(seeds.length)] : random.nextInt();
            cases.add(csumPacket(size(random), size(random), seed, bytes(random, 128), bytes(random, 128)));
        }
        return cases;
    }

    @Test
    void csumDiffAnswersWhatTheKernelAnswersForEdgeAndRandomInputs() throws Exception {
        // given the packets of csumCases for csum_diff_bytes
        byte[] object = object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse(OBJECT, object));
        try (KernelOracle kernel = KernelOracle.load(object, "helper_edges")) {
            for (byte[] in : csumCases()) {
                // when both run one
                KernelOracle.KernelRun expected = kernel.run("csum_diff_bytes", in);
                byte[] actual = emulated.run("csum_diff_bytes", XdpInput.of(in)).packet();

                // then the 64-bit result the program wrote back is the kernel's
                assertThat(HEX.formatHex(actual, 0, 8)).as("sizes, seed: %s", HEX.formatHex(in, 0, 8))
                        .isEqualTo(HEX.formatHex(expected.dataOut(), 0, 8));
            }
        }
    }

    @Test
    void bpfLoopAnswersAsTheKernelWhereItIsInlinedAndWhereItIsCalled() throws Exception {
        // given counts below, at and above BPF_MAX_LOOPS, and with bits above the low 32
        byte[] object = object();
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse(OBJECT, object));
        long[][] cases = {{5, 100}, {0, 1}, {1 << 23, 3}, {(1 << 23) + 1, 3}, {(1L << 32) + 3, 100}, {-1, 2}, {0xffffffffL, 2}};
        try (KernelOracle kernel = KernelOracle.load(object, "helper_edges")) {
            for (String program : new String[] {"loop_inlined", "loop_called"}) {
                for (long[] c : cases) {
                    byte[] in = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(0, c[0]).putLong(8, c[1]).array();

                    // when both run it
                    KernelOracle.KernelRun expected = kernel.run(program, in);
                    byte[] actual = emulated.run(program, XdpInput.of(in)).packet();

                    // then r0, the callback calls and the sign test are the kernel's
                    assertThat(HEX.formatHex(actual, 0, 24)).as("%s with nr_loops %#x", program, c[0])
                            .isEqualTo(HEX.formatHex(expected.dataOut(), 0, 24));
                }
            }
        }
    }
}
