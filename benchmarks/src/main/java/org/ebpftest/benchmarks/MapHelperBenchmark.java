package org.ebpftest.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per {@code bpf_map_lookup_elem} and {@code bpf_map_update_elem} call made by a
 * program (bpf/map_bench.c): each run makes 64 calls on keys 0 to 63, and one JMH operation is one
 * call, so the score includes the loop around the call and 1/64 of the run's setup.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapHelperBenchmark {
    private static final int CALLS = 64;

    private LoadedObject object;
    private XdpInput input;

    @Setup
    public void setUp() throws IOException {
        byte[] bytes = Programs.resource("/bpf/map_bench.o");
        object = LoadedObject.load(ObjectSpec.parse("map_bench.o", bytes));
        BpfMap hash = object.map("hash");
        for (int k = 0; k < CALLS; k++) {
            hash.update(new byte[] {(byte) k, 0, 0, 0}, new byte[8], 0);
        }
        input = XdpInput.of(new byte[64]);
        if (object.run("hash_lookup", input).retval() != 2) {
            throw new IllegalStateException("map benchmark setup: hash_lookup did not return XDP_PASS");
        }
    }

    /** A lookup in a 256-entry array of u64. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int arrayLookup() {
        return object.run("array_lookup", input).retval();
    }

    /** An update (BPF_ANY) in a 256-entry array of u64. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int arrayUpdate() {
        return object.run("array_update", input).retval();
    }

    /** A lookup that hits in a hash of 64 u32 -> u64 entries. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int hashLookup() {
        return object.run("hash_lookup", input).retval();
    }

    /** An update (BPF_ANY) of an existing key in the same hash. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int hashUpdate() {
        return object.run("hash_update", input).retval();
    }
}
