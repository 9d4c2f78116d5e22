package org.ebpftest.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.ebpftest.runtime.vm.JitMode;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;
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
 * VM throughput, interpreted ({@code jit=off}) and compiled to JVM bytecode ({@code jit=on}).
 * {@link #countedLoop()} reports eBPF instructions per second directly (one JMH operation is one
 * instruction); {@link #packetParser()} reports nanoseconds per packet.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InterpreterBenchmark {
    /** The VM's {@link JitMode}, as the system property {@code ebpftest.jit} spells it. */
    @Param({"off", "on"})
    public String jit;

    private Vm vm;
    private Program loop;
    private Program parser;

    @Setup
    public void setUp() {
        vm = Vm.builder().jit(JitMode.parse(jit)).build();
        loop = Program.of("counted_loop", Programs.countedLoop());
        parser = Program.of("parser", Programs.packetParser());

        byte[] packet = new byte[74];
        packet[12] = 0x08;               // IPv4
        packet[14] = 0x45;               // version 4, IHL 5
        packet[23] = 6;                  // TCP
        packet[36] = 0;
        packet[37] = 22;                 // destination port 22
        vm.memory().map(new Region("packet", packet, true), Vm.PACKET_ADDRESS);
        byte[] ctx = new byte[24];
        ByteBuffer.wrap(ctx).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, (int) Vm.PACKET_ADDRESS)
                .putInt(4, (int) Vm.PACKET_ADDRESS + packet.length);
        vm.memory().map(new Region("context", ctx, true), Vm.CONTEXT_ADDRESS);
        if (vm.run(parser, Vm.CONTEXT_ADDRESS) != 1) {
            throw new IllegalStateException("parser benchmark setup: expected XDP_DROP for port 22");
        }
    }

    /** The counted loop; the score is eBPF instructions per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(Programs.LOOP_INSTRUCTIONS)
    public long countedLoop() {
        return vm.run(loop);
    }

    /** The packet parser on one TCP packet; the score is nanoseconds per run. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long packetParser() {
        return vm.run(parser, Vm.CONTEXT_ADDRESS);
    }
}
