package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadedObject#runBatch}: a batch of frames across virtual CPUs in parallel (per_cpu.c counts
 * runs in a per-CPU array and, atomically, in a shared one, and writes its CPU into the frame).
 */
class BatchRunTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = {0, 0, 0, 0};

    @Test
    void batchOnFourCpusGivesEachInputTheResultOfARunOnItsCpuInInputOrder() throws IOException {
        // given 1,001 frames with random verdict bytes
        List<XdpInput> frames = frames(1001, 7);
        LoadedObject parallel = load();
        LoadedObject sequential = load();

        // when one object runs them as a batch on 4 CPUs, the other one by one on the same CPUs
        List<RunResult> batch = parallel.runBatch("count_runs", frames, 4);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            sequential.environment().setCpu(i % 4);
            expected.add(describe(sequential.run("count_runs", frames.get(i))));
        }

        // then the results are in input order and equal the one-by-one runs (CPU byte included)
        assertThat(batch).extracting(BatchRunTest::describe).containsExactlyElementsOf(expected);
        assertThat(batch.get(6).packet()[0]).isEqualTo((byte) 2);
    }

    @Test
    void perCpuCountsLandOnEachCpuAndAtomicCountsOnSharedMapsLoseNothing() throws IOException {
        // given an object with four CPUs
        LoadedObject object = load();

        // when 1,001 frames run as a batch, then 10 more on two CPUs
        object.runBatch("count_runs", frames(1001, 8));
        object.runBatch("count_runs", frames(10, 9), 2);

        // then CPU i ran inputs i, i + 4, ... of the first batch and i, i + 2, ... of the second
        assertThat(object.map("per_cpu_runs").lookupPerCpu(KEY).orElseThrow()).extracting(BatchRunTest::u64)
                .containsExactly(251L + 5, 250L + 5, 250L, 250L);
        assertThat(u64(object.map("all_runs").lookup(KEY).orElseThrow())).isEqualTo(1011L);
    }

    @Test
    void batchWithRefusedInputsThrowsTheLowestNumberedInputsFailure() throws IOException {
        // given 20 frames of which input 9 (12 bytes) and input 5 (10 bytes) are shorter than an Ethernet header
        LoadedObject object = load();
        List<XdpInput> inputs = new ArrayList<>(frames(20, 10));
        inputs.set(9, XdpInput.of(new byte[12]));
        inputs.set(5, XdpInput.of(new byte[10]));

        // when the batch runs on 4 CPUs, then input 5's refusal is thrown, whichever CPU failed first
        assertThatThrownBy(() -> object.runBatch("count_runs", inputs))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("frame of 10 bytes after the metadata");
    }

    @Test
    void batchOnMoreCpusThanTheEnvironmentHasIsRefused() throws IOException {
        LoadedObject object = load();

        assertThatThrownBy(() -> object.runBatch("count_runs", frames(3, 11), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpus must be 1 to 4 (the environment's CPUs), was 5");
    }

    private static List<XdpInput> frames(int count, long seed) {
        Random random = new Random(seed);
        List<XdpInput> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] frame = new byte[60];
            random.nextBytes(frame);
            out.add(XdpInput.of(frame));
        }
        return out;
    }

    private static String describe(RunResult r) {
        return r.retval() + " " + HEX.formatHex(r.packet());
    }

    private static long u64(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static LoadedObject load() throws IOException {
        try (InputStream in = BatchRunTest.class.getResourceAsStream("/elf/per_cpu.o")) {
            return LoadedObject.load(ObjectSpec.parse("per_cpu.o", in.readAllBytes()));
        }
    }
}
