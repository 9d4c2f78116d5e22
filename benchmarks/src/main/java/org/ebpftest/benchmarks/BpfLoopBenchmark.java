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
 * One {@code bpf_loop} callback: a run of bpf/loop_bench.c makes {@value #LOOPS} callbacks that add
 * their index to a sum on the caller's stack, interpreted or compiled; one JMH operation is one
 * callback (with 1/1024 of the run around it).
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BpfLoopBenchmark {
    static final int LOOPS = 1024;

    /** The VMs' {@link JitMode}, as the system property {@code ebpftest.jit} spells it. */
    @Param({"off", "on"})
    public String jit;

    private LoadedObject object;
    private XdpInput input;

    @Setup
    public void setUp() throws IOException {
        byte[] bytes = Programs.resource("/bpf/loop_bench.o");
        object = LoadedObject.loader(ObjectSpec.parse("loop_bench.o", bytes)).jit(JitMode.parse(jit)).load();
        input = XdpInput.of(new byte[64]);
        if (object.run("loop_sum", input).retval() != 2) {
            throw new IllegalStateException("bpf_loop benchmark setup: the callbacks did not sum 0 to 1023");
        }
    }

    /** A run of 1,024 callbacks. */
    @Benchmark
    @OperationsPerInvocation(LOOPS)
    public int callback() {
        return object.run("loop_sum", input).retval();
    }
}
