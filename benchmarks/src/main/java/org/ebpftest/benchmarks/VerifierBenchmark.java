package org.ebpftest.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.verifier.MapInfo;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.ebpftest.runtime.linux.verifier.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verification time of the example project's largest object, tc_nat.o (502 instructions, two tc
 * programs): what every load of it adds, since a load verifies each program. One operation
 * verifies every program of the object.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerifierBenchmark {
    private ObjectSpec spec;
    private List<MapInfo> maps;

    @Setup
    public void setUp() throws IOException {
        spec = ObjectSpec.parse("tc_nat.o", Programs.resource("/examples/tc_nat.o"));
        maps = Verifier.mapsOf(spec);
        if (verifyAll() == 0) {
            throw new IllegalStateException("verifier benchmark setup: tc_nat.o processed no instructions");
        }
    }

    /** Every program of tc_nat.o verified once; returns the instructions processed. */
    @Benchmark
    public long verifyAll() {
        long processed = 0;
        for (var p : spec.programs()) {
            Verification v = Verifier.verify(p, maps, spec.btf());
            if (!v.accepted()) {
                throw new IllegalStateException(v.summary());
            }
            processed += v.processed();
        }
        return processed;
    }
}
