package org.ebpftest.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.KernelBtf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the first object with CO-RE relocations pays: reading the shipped kernel BTF
 * ({@code vmlinux.btf.gz}, 1.7 MB, 125,850 types), gunzipped and parsed as {@link KernelBtf} reads
 * it. {@code cold} is one read in a fresh JVM, as a test run pays it; {@code warm} is the same work
 * once the JIT has compiled the parser.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBtfBenchmark {
    private static Btf read() throws IOException {
        try (InputStream raw = KernelBtf.class.getResourceAsStream("vmlinux.btf.gz"); InputStream in = new GZIPInputStream(raw, 1 << 16)) {
            return Btf.parse(in.readAllBytes());
        }
    }

    /** One read in a fresh JVM: what a test run pays the first time. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Fork(value = 10, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public Btf cold() throws IOException {
        return read();
    }

    /** The same read once compiled. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Btf warm() throws IOException {
        return read();
    }
}
