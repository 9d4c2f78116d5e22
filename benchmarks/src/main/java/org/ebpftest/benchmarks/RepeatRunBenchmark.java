package org.ebpftest.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
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
 * The command line's {@code run --repeat N} once the JVM is warm: {@code LoadedObject.run} with a
 * repeat count, as test_run's loop runs a program again and again on one packet and context. One
 * JMH operation is one run of the TCP SYN of bpf/tcp_syn.bin through bpf/tcp_parser.c (219
 * instructions, a hash map lookup and bpf_ktime_get_ns), with 1/{@value #RUNS} of building the
 * input and the result. What the command line measures beyond this is the JVM's warm-up.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RepeatRunBenchmark {
    static final int RUNS = 1000;

    /** The VMs' {@link JitMode}, as the system property {@code ebpftest.jit} spells it. */
    @Param({"off", "on"})
    public String jit;

    private LoadedObject object;
    private XdpInput syn;

    @Setup
    public void setUp() throws IOException {
        object = LoadedObject.loader(ObjectSpec.parse("tcp_parser.o", Programs.resource("/bpf/tcp_parser.o"))).jit(JitMode.parse(jit)).load();
        syn = XdpInput.fromTestRun(Programs.resource("/bpf/tcp_syn.bin"), null);
        if (object.run("tcp_parser", syn, RUNS, null).retval() != 2) {
            throw new IllegalStateException("repeat benchmark setup: expected XDP_PASS for the SYN with an MSS of 1460");
        }
    }

    /** {@value #RUNS} runs of the SYN through the parser, its flow already in the map. */
    @Benchmark
    @OperationsPerInvocation(RUNS)
    public int tcpSynThroughParser() {
        return object.run("tcp_parser", syn, RUNS, null).retval();
    }
}
