package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.kernel.KernelAvailable.EXAMPLES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The example project's programs run in the kernel through BPF_PROG_TEST_RUN give the emulator's answers. */
@Tag("kernel")
class KernelRunTest {
    private static final byte[] BLOCK_192_0_2_0_24_KEY = {24, 0, 0, 0, (byte) 192, 0, 2, 0};
    private static final byte[] ONE = {1, 0, 0, 0};

    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void firewallDropsABlockedSourceInTheKernelAsInTheEmulator() {
        ObjectSpec spec = ObjectSpec.load(EXAMPLES.resolve("xdp_firewall.o"));
        LoadedObject emulator = LoadedObject.load(spec);
        emulator.map("blocklist_v4").put(BLOCK_192_0_2_0_24_KEY, ONE);
        byte[] fromBlocked = Packets.ethernet().ipv4().source("192.0.2.7").destination("10.0.0.1").tcp().destinationPort(22).flags(TcpFlag.SYN).build();
        byte[] fromElsewhere = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1").tcp().destinationPort(22).flags(TcpFlag.SYN).build();

        try (KernelObject kernel = KernelObject.load(spec)) {
            kernel.map("blocklist_v4").put(BLOCK_192_0_2_0_24_KEY, ONE);

            RunResult blocked = kernel.run("xdp_firewall", XdpInput.of(fromBlocked));
            RunResult passed = kernel.run("xdp_firewall", XdpInput.of(fromElsewhere));

            assertThat(blocked.contextType()).isEqualTo(ContextType.XDP);
            assertThat(blocked.retval()).isEqualTo(1).isEqualTo(emulator.run("xdp_firewall", XdpInput.of(fromBlocked)).retval());
            assertThat(passed.retval()).isEqualTo(2).isEqualTo(emulator.run("xdp_firewall", XdpInput.of(fromElsewhere)).retval());
            assertThat(passed.packet()).containsExactly(fromElsewhere);
            // test_run runs on CPU 0, where the emulator counts too
            byte[] kernelDrops = kernel.map("drop_counters").lookupPerCpu(new byte[] {2, 0, 0, 0}).orElseThrow().get(0);
            byte[] emulatorDrops = emulator.map("drop_counters").lookupPerCpu(new byte[] {2, 0, 0, 0}).orElseThrow().get(0);
            assertThat(kernelDrops).containsExactly(emulatorDrops);
            assertThat(ByteBuffer.wrap(kernelDrops).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(1);
        }
    }

    @Test
    void metadataTheProgramAddsIsReadBackAsTheEmulatorReadsIt() {
        // xdp_pipeline reserves 12 bytes of metadata with bpf_xdp_adjust_meta and tail-calls its stages
        ObjectSpec spec = ObjectSpec.load(EXAMPLES.resolve("xdp_pipeline.o"));
        byte[] frame = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1").tcp().destinationPort(80).build();
        RunResult expected = LoadedObject.load(spec).run("xdp_pipeline", XdpInput.of(frame));

        try (KernelObject kernel = KernelObject.load(spec)) {
            RunResult actual;
            try {
                actual = kernel.run("xdp_pipeline", XdpInput.of(frame));
            } catch (EmulatorOnlyException e) {
                // a kernel built without bpf_xdp_adjust_meta for XDP: the run is the emulator's alone
                assertThat(e.getMessage()).contains("[xdp_pipeline]", "mainline Linux allows it", KernelObject.ADJUST_META_REFUSAL);
                Assumptions.abort(e.getMessage());
                return;
            }

            assertThat(actual.retval()).isEqualTo(expected.retval()).isEqualTo(2);
            assertThat(actual.metadataLength()).isEqualTo(expected.metadataLength()).isEqualTo(12);
            assertThat(actual.packet()).containsExactly(expected.packet());
            assertThat(actual.frame()).containsExactly(frame);
        }
    }

    @Test
    void natRewritesTheSamePacketInTheKernelAsInTheEmulator() {
        ObjectSpec spec = ObjectSpec.load(EXAMPLES.resolve("tc_nat.o"));
        byte[] frame = Packets.ethernet().ipv4().source("10.0.0.5").destination("93.184.216.34").tcp().sourcePort(40000).destinationPort(443)
                .flags(TcpFlag.SYN).build();
        LoadedObject emulator = LoadedObject.load(spec);
        RunResult expected = emulator.run("tc_snat", SkbInput.of(frame));

        try (KernelObject kernel = KernelObject.load(spec)) {
            RunResult actual = kernel.run("tc_snat", SkbInput.of(frame));

            assertThat(actual.contextType()).isEqualTo(ContextType.SCHED_CLS);
            assertThat(actual.retval()).isEqualTo(expected.retval());
            assertThat(actual.packet()).containsExactly(expected.packet());
            assertThat(actual.contextOut()).isPresent();
        }
    }

    @Test
    void rateLimiterLoadsWithItsBtfForTheSpinLockInItsBuckets() {
        // the kernel refuses bpf_spin_lock in a map without BTF, so this run needs the object's BTF loaded
        ObjectSpec spec = ObjectSpec.load(EXAMPLES.resolve("xdp_ratelimit.o"));
        byte[] frame = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1").udp().build();
        int expected = LoadedObject.load(spec).run("xdp_ratelimit", XdpInput.of(frame)).retval();

        try (KernelObject kernel = KernelObject.load(spec)) {
            RunResult actual = kernel.run("xdp_ratelimit", XdpInput.of(frame));

            assertThat(actual.retval()).isEqualTo(expected).isEqualTo(2);
            assertThat(kernel.map("buckets").keys()).hasSize(1);
        }
    }

    @Test
    void rodataTakesTheValueSetBeforeLoadAndIsFrozen() {
        ObjectSpec spec = ObjectSpec.load(EXAMPLES.resolve("xdp_ratelimit.o"));
        byte[] rodata = spec.map(".rodata").initialData().orElseThrow();
        rodata[rodata.length - 4] = 99;

        try (KernelObject kernel = KernelObject.loader(spec).globalData(name -> name.equals(".rodata") ? Optional.of(rodata) : Optional.empty()).load()) {
            KernelMap map = kernel.map(".rodata");

            assertThat(map.kernelName()).isEqualTo("xdp_rate.rodata");
            assertThat(map.lookup(new byte[4])).hasValueSatisfying(v -> assertThat(v).containsExactly(rodata));
            assertThatThrownBy(() -> map.put(new byte[4], rodata))
                    .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.errno()).isEqualTo(1));
        }
    }

    @Test
    void closingTheObjectReleasesEveryDescriptor() throws IOException {
        long before = openDescriptors();
        KernelObject kernel = KernelObject.load(EXAMPLES.resolve("xdp_firewall.o"));
        kernel.run("xdp_firewall", XdpInput.of(Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1").udp().build()));
        assertThat(openDescriptors()).isGreaterThan(before);

        kernel.close();

        assertThat(openDescriptors()).isEqualTo(before);
        assertThatThrownBy(() -> kernel.map("allowed_ports").keys()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void repeatedRunsReportTheKernelsDuration() {
        try (KernelObject kernel = KernelObject.load(EXAMPLES.resolve("xdp_firewall.o"))) {
            byte[] frame = Packets.ethernet().ipv4().source("198.51.100.7").destination("10.0.0.1").udp().build();

            TestRunOutput out = kernel.testRun("xdp_firewall", TestRunInput.ofData(frame).withRepeat(100));

            assertThat(out.retval()).isEqualTo(2);
            assertThat(out.durationNanos()).isPositive();
            assertThat(out.dataOut()).containsExactly(frame);
            assertThat(out.ctxOut()).isNull();
        }
    }

    @Test
    void refusedRunsNameTheCommandAndTheKernelsError() {
        try (KernelObject kernel = KernelObject.load(EXAMPLES.resolve("xdp_firewall.o"))) {
            // test_run refuses XDP input shorter than an Ethernet header
            assertThatThrownBy(() -> kernel.run("xdp_firewall", XdpInput.of(new byte[10])))
                    .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(22))
                    .hasMessageContaining("BPF_PROG_TEST_RUN of program [xdp_firewall]");
        }
    }

    /**
     * The process's open BPF descriptors (maps, programs, BTF: anonymous inodes named bpf-... or
     * btf). Counting every descriptor was flaky: the JVM opens and closes jars and other files of
     * its own while a test runs.
     */
    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(KernelRunTest::isBpfObject).count();
        }
    }

    private static boolean isBpfObject(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("anon_inode:bpf") || target.equals("anon_inode:btf");
        } catch (IOException e) {
            return false; // closed while listing: not ours
        }
    }
}
