package org.ebpftest.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packets per second through {@link LoadedObject#runBatch}: a batch of {@value #BATCH} frames (half
 * of them TCP to port 22) through a 32-instruction parser that counts its verdicts in a per-CPU
 * array (bpf/batch_bench.c), compiled, on 1 or 2 virtual CPUs running in parallel. One JMH
 * operation is one packet, from input to result.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchRunBenchmark {
    static final int BATCH = 4096;

    /** Virtual CPUs (threads) the batch runs on. */
    @Param({"1", "2"})
    public int cpus;

    private LoadedObject object;
    private List<XdpInput> frames;

    @Setup
    public void setUp() throws IOException {
        byte[] bytes = Programs.resource("/bpf/batch_bench.o");
        object = LoadedObject.loader(ObjectSpec.parse("batch_bench.o", bytes)).jit(JitMode.ON).load();
        frames = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            byte[] frame = new byte[74];
            frame[12] = 0x08;
            frame[14] = 0x45;
            frame[23] = 6;
            frame[37] = (byte) (i % 2 == 0 ? 22 : 80);
            frames.add(XdpInput.of(frame));
        }
        List<RunResult> results = object.runBatch("count_ssh", frames, cpus);
        if (results.get(0).retval() != 1 || results.get(1).retval() != 2) {
            throw new IllegalStateException("batch benchmark setup: expected XDP_DROP for port 22 and XDP_PASS for port 80");
        }
    }

    /** The batch across the CPUs; the results come back in input order. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<RunResult> runBatch() {
        return object.runBatch("count_ssh", frames, cpus);
    }
}
