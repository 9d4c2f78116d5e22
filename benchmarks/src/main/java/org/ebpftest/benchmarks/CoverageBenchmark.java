package org.ebpftest.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.coverage.Coverage;
import org.ebpftest.runtime.coverage.CoverageCollector;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What C coverage costs a run: {@link XdpRunBenchmark}'s packet through the emulator, interpreted
 * ({@code jit=off}, as every run is while coverage counts it), without coverage and with every run
 * counted into a collector as {@code -Debpftest.coverage} makes it (a probe before each
 * instruction, the run's counts added to the collector when it ends). The figures with coverage
 * off are the price every run pays for the switch: one static read.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoverageBenchmark {
    /** Whether runs are counted. */
    @Param({"off", "on"})
    public String coverage;

    private LinuxEmulator linux;
    private Program parser;
    private byte[] frame;
    private Coverage.Activation counting;

    @Setup(Level.Trial)
    public void setUp() {
        System.setProperty(JitMode.PROPERTY, "off");
        linux = LinuxEmulator.builder().build();
        parser = Program.of("parser", Programs.packetParser());
        frame = new byte[74];
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[23] = 6;
        frame[37] = 22;
        if (coverage.equals("on")) {
            counting = Coverage.collectInto(new CoverageCollector());
        }
        if (linux.run(parser, ContextType.XDP, XdpInput.of(frame)).retval() != 1) {
            throw new IllegalStateException("coverage benchmark setup: expected XDP_DROP for TCP port 22");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (counting != null) {
            counting.close();
        }
    }

    /** One TCP packet to port 22 through the parser, from input to result. */
    @Benchmark
    public int parseOnePacket() {
        return linux.run(parser, ContextType.XDP, XdpInput.of(frame)).retval();
    }
}
