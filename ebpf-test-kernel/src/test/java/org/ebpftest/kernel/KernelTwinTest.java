package org.ebpftest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.kernel.KernelAvailable.EXAMPLES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.NotRecordedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The emulator's object driving the kernel's: maps carried both ways, and "both" comparing every run. */
@Tag("kernel")
class KernelTwinTest {
    private static final byte[] BLOCK_192_0_2_0_24_KEY = {24, 0, 0, 0, (byte) 192, 0, 2, 0};
    private static final byte[] DROP_REASON_BLOCKED = {2, 0, 0, 0};
    private final byte[] fromBlocked = Packets.ethernet().ipv4().source("192.0.2.7").destination("10.0.0.1").tcp().destinationPort(22)
            .flags(TcpFlag.SYN).build();

    @BeforeEach
    void needsKernel() {
        KernelAvailable.assumeKernel();
    }

    @Test
    void kernelRunsSeeTheEmulatorsMapsAndLeaveTheirCountsThere() {
        LoadedObject fw = LoadedObject.load(EXAMPLES.resolve("xdp_firewall.o"));
        fw.map("blocklist_v4").put(BLOCK_192_0_2_0_24_KEY, new byte[] {1, 0, 0, 0});

        try (KernelTwin twin = KernelTwin.load(fw, Backend.KERNEL)) {
            RunResult first = twin.runXdp("xdp_firewall", XdpInput.of(fromBlocked));
            twin.runXdp("xdp_firewall", XdpInput.of(fromBlocked));

            assertThat(first.retval()).isEqualTo(1);
            assertThatThrownBy(first::helperCalls).as("the kernel reports no helper calls").isInstanceOf(NotRecordedException.class);
            byte[] cpu0 = fw.map("drop_counters").lookupPerCpu(DROP_REASON_BLOCKED).orElseThrow().get(0);
            assertThat(ByteBuffer.wrap(cpu0).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(2);
        }
    }

    @Test
    void bothAgreesOnTheFirewallAndReturnsTheEmulatorsResult() {
        LoadedObject fw = LoadedObject.load(EXAMPLES.resolve("xdp_firewall.o"));
        fw.map("blocklist_v4").put(BLOCK_192_0_2_0_24_KEY, new byte[] {1, 0, 0, 0});

        try (KernelTwin twin = KernelTwin.load(fw, Backend.BOTH)) {
            RunResult result = twin.runXdp("xdp_firewall", XdpInput.of(fromBlocked));

            assertThat(result.retval()).isEqualTo(1);
            assertThat(result.instructions()).as("the emulator's result, which counts instructions").isPositive();
        }
    }

    @Test
    void listsMapValuesThatDifferBetweenTheEmulatorAndTheKernel() {
        // given a run in both, then the kernel's drop counter on CPU 0 changed behind the emulator's back
        LoadedObject fw = LoadedObject.load(EXAMPLES.resolve("xdp_firewall.o"));
        fw.map("blocklist_v4").put(BLOCK_192_0_2_0_24_KEY, new byte[] {1, 0, 0, 0});

        try (KernelTwin twin = KernelTwin.load(fw, Backend.BOTH)) {
            twin.runXdp("xdp_firewall", XdpInput.of(fromBlocked));
            KernelMap counters = twin.kernel().map("drop_counters");
            List<byte[]> skewed = counters.lookupPerCpu(DROP_REASON_BLOCKED).orElseThrow();
            skewed.get(0)[0] = 40;
            counters.updatePerCpu(DROP_REASON_BLOCKED, skewed, KernelMap.ANY);

            // then the comparison names the map, the key and both values on the CPUs both have
            assertThat(MapMirror.compare(fw.map("drop_counters"), counters)).singleElement().asString()
                    .isEqualTo("map [drop_counters] key 02000000: emulator cpu0=01000000000000003600000000000000" + idleCpus()
                            + ", kernel cpu0=28000000000000003600000000000000" + idleCpus());
        }
    }

    /** The CPUs other than 0 that the emulator (4 CPUs) and the kernel both have, with zero counters. */
    private static String idleCpus() {
        StringBuilder out = new StringBuilder();
        for (int cpu = 1; cpu < Math.min(4, KernelSupport.possibleCpus()); cpu++) {
            out.append(" cpu").append(cpu).append('=').append("00".repeat(16));
        }
        return out.toString();
    }

    @Test
    void bothSkipsARunThatReadsTheClockNamingIt() {
        // The rate limiter stamps its buckets with bpf_ktime_get_ns: the emulator's virtual clock and
        // the kernel's real one cannot agree, so there is nothing to compare.
        LoadedObject limiter = LoadedObject.load(EXAMPLES.resolve("xdp_ratelimit.o"));

        try (KernelTwin twin = KernelTwin.load(limiter, Backend.BOTH)) {
            assertThatThrownBy(() -> twin.runXdp("xdp_ratelimit", XdpInput.of(fromBlocked)))
                    .isInstanceOfSatisfying(EmulatorOnlyException.class,
                            e -> assertThat(e.feature()).isEqualTo("the virtual clock (it calls bpf_ktime_get_ns, so the two runs cannot be compared)"));
        }
    }

    @Test
    void mockedHelpersAreNamedAsEmulatorOnly() {
        LoadedObject limiter = LoadedObject.load(EXAMPLES.resolve("xdp_ratelimit.o"));
        limiter.environment().override(HelperId.KTIME_GET_NS, LinuxHelper.returning(5));

        try (KernelTwin twin = KernelTwin.load(limiter, Backend.KERNEL)) {
            assertThatThrownBy(() -> twin.runXdp("xdp_ratelimit", XdpInput.of(fromBlocked)))
                    .isInstanceOfSatisfying(EmulatorOnlyException.class, e -> assertThat(e.feature()).startsWith("mocked helpers ("))
                    .hasMessageContaining("only the emulator has; it runs with ebpftest.backend=emulator");
        }
    }
}
