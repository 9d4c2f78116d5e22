package org.ebpftest.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEmulator;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One packet through the Linux emulator as a test runs it: {@code XdpInput.of(frame)}, the
 * emulator building the XDP buffer and {@code xdp_md} as test_run does, the 24-instruction parser
 * of {@link Programs#packetParser()}, and the {@code RunResult} with the output packet, with the
 * program interpreted ({@code jit=off}) and compiled to JVM bytecode ({@code jit=on}). Warm-up is
 * longer than the other benchmarks': the JIT compiles the interpreter's large dispatch method late,
 * and a test suite running thousands of packets spends its time after that point.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class XdpRunBenchmark {
    /** The VMs' {@link JitMode}, as the system property {@code ebpftest.jit} spells it. */
    @Param({"off", "on"})
    public String jit;

    private LinuxEmulator linux;
    private Program parser;
    private Program passOnly;
    private byte[] frame;

    @Setup
    public void setUp() {
        // The emulator's VMs take their mode from the property when built (each trial is its own fork).
        System.setProperty(JitMode.PROPERTY, jit);
        linux = LinuxEmulator.builder().build();
        parser = Program.of("parser", Programs.packetParser());
        passOnly = Program.of("pass", new Assembler().mov64(Register.R0, 2).exit().build());
        frame = new byte[74];
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[23] = 6;
        frame[37] = 22;
        if (linux.run(parser, ContextType.XDP, XdpInput.of(frame)).retval() != 1) {
            throw new IllegalStateException("XDP benchmark setup: expected XDP_DROP for TCP port 22");
        }
        if (linux.run(passOnly, ContextType.XDP, XdpInput.of(frame)).retval() != 2) {
            throw new IllegalStateException("XDP benchmark setup: expected XDP_PASS");
        }
    }

    /** One TCP packet to port 22 through the parser, from input to result. */
    @Benchmark
    public int parseOnePacket() {
        return linux.run(parser, ContextType.XDP, XdpInput.of(frame)).retval();
    }

    /**
     * The same packet through a program that only returns XDP_PASS: what the emulator itself costs
     * per run (input, buffer and context set up, the VM entered, the result built), so that the
     * parser's figure minus this one is what its 24 instructions cost.
     */
    @Benchmark
    public int passOnly() {
        return linux.run(passOnly, ContextType.XDP, XdpInput.of(frame)).retval();
    }
}
