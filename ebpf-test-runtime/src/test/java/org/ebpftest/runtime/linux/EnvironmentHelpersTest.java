package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.RingBufMap;
import org.junit.jupiter.api.Test;

/**
 * The clock, random, CPU, task, print, string and probe-read helpers and the map helpers, each
 * called from helpers_env.o under an environment the test sets, each result checked.
 */
class EnvironmentHelpersTest {
    private static final byte[] FRAME = HexFormat.of().parseHex("0200000000020200000000010800"
            + "4500003c1c4640004006b1e60a0000010a000063"
            + "303900500000000100000000a0027210a0d40000020405b40402080a0000000000000000" + "00".repeat(20));

    private static LoadedObject load(LinuxEnvironment env) throws IOException {
        try (InputStream in = EnvironmentHelpersTest.class.getResourceAsStream("/elf/helpers_env.o")) {
            return LoadedObject.load(ObjectSpec.parse("helpers_env.o", in.readAllBytes()), env);
        }
    }

    private static Map<Integer, Long> results(LoadedObject o) {
        Map<Integer, Long> out = new TreeMap<>();
        o.map("results").entries().forEach(e -> out.put(ByteBuffer.wrap(e.key()).order(ByteOrder.LITTLE_ENDIAN).getInt(),
                ByteBuffer.wrap(e.values().get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong()));
        return out;
    }

    private static long le(String ascii) {
        byte[] b = java.util.Arrays.copyOf(ascii.getBytes(StandardCharsets.ISO_8859_1), 8);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void clocksRandomnessCpuTaskPrintsAndProbeReadsAnswerFromTheEnvironment() throws IOException {
        // given a controlled machine: clocks, seed, CPU 2 on NUMA node 1, a task, kernel and user memory
        LinuxEnvironment env = new LinuxEnvironment().setCpus(4).setCpu(2).setNumaNode(1).seedRandom(42)
                .setTask(new TaskInfo(100, 200, 1000, 1001, "worker"))
                .provideKernelMemory(0xffff888000001000L, "kernel!\0".getBytes(StandardCharsets.ISO_8859_1))
                .provideUserMemory(0x7f0000001000L, "usr\0".getBytes(StandardCharsets.ISO_8859_1));
        env.clock().setMonotonicNs(5_001_000_000L).setSuspendedNs(2_000_000_000L);
        LoadedObject o = load(env);

        // when the kprobe program runs (its context is not read) and the XDP program reads the coarse clock
        RunResult r = o.run("env", new RawInput(new byte[0]));
        o.run("maps", XdpInput.of(FRAME));

        // then
        Map<Integer, Long> got = results(o);
        assertThat(got.get(0)).as("ktime_get_ns").isEqualTo(5_001_000_000L);
        assertThat(got.get(1)).as("ktime_get_boot_ns: monotonic + suspended").isEqualTo(7_001_000_000L);
        assertThat(got.get(2)).as("ktime_get_coarse_ns: at the last 4 ms tick (HZ 250)").isEqualTo(5_000_000_000L);
        assertThat(got.get(3)).as("ktime_get_tai_ns").isEqualTo(env.clock().taiNs())
                .as("realtime at boot + boot time + 37 s").isEqualTo(VirtualClock.DEFAULT_REALTIME_NS - VirtualClock.DEFAULT_MONOTONIC_NS + 7_001_000_000L + 37_000_000_000L);
        assertThat(got.get(4)).as("jiffies64: INITIAL_JIFFIES + boot time in ticks").isEqualTo(0x100000000L - 300 * 250 + 7_001_000_000L / 4_000_000);
        assertThat(got.get(5)).as("get_prandom_u32").isEqualTo(new SplittableRandom(42).nextInt() & 0xffffffffL);
        assertThat(got.get(6)).as("get_smp_processor_id").isEqualTo(2);
        assertThat(got.get(7)).as("get_numa_node_id").isEqualTo(1);
        assertThat(got.get(8)).as("get_current_pid_tgid").isEqualTo(200L << 32 | 100);
        assertThat(got.get(9)).as("get_current_uid_gid").isEqualTo(1001L << 32 | 1000);
        assertThat(got.get(10)).as("get_current_comm").isZero();
        assertThat(got.get(11)).isEqualTo(le("worker"));
        assertThat(got.get(12)).as("trace_printk: bytes written").isEqualTo(4);
        assertThat(got.get(13)).as("trace_vprintk").isEqualTo(4);
        assertThat(r.printedMessages()).containsExactly("hi 5", "hi 7");
        assertThat(got.get(14)).as("strncmp of \"\" and \"abc\"").isEqualTo(-1);
        assertThat(got.get(15)).as("probe_read_kernel of provided memory").isZero();
        assertThat(got.get(16)).isEqualTo(le("kernel!"));
        assertThat(got.get(17)).as("probe_read_kernel of unmapped memory: -EFAULT").isEqualTo(-14);
        assertThat(got.get(18)).as("... and the buffer zeroed").isZero();
        assertThat(got.get(19)).as("probe_read_user").isZero();
        assertThat(got.get(20)).isEqualTo(le("usr"));
        assertThat(got.get(21)).as("probe_read").isZero();
        assertThat(got.get(22)).as("probe_read_user_str: length with the NUL").isEqualTo(4);
        assertThat(got.get(23)).isEqualTo(le("usr"));
        assertThat(got.get(24)).as("probe_read_kernel_str truncated to 4 bytes").isEqualTo(4);
        assertThat(got.get(25)).isEqualTo(le("ker"));
        assertThat(got.get(26)).as("probe_read_str of unmapped memory").isEqualTo(-14);
    }

    @Test
    void aPerfEventArrayWithoutMaxEntriesGetsOneSlotPerCpu() throws IOException {
        assertThat(load(new LinuxEnvironment().setCpus(4)).map("perf").maxEntries()).isEqualTo(4);
        assertThat(load(new LinuxEnvironment().setCpus(2)).map("perf").maxEntries()).isEqualTo(2);
    }

    @Test
    void mapHelpersUpdateLookupIterateDeleteQueueLockAndEmitEvents() throws IOException {
        // given helpers_env.o on a 4-CPU machine, its perf event array open on CPU 0
        LoadedObject o = load(new LinuxEnvironment().setCpus(4));
        ((org.ebpftest.runtime.linux.maps.PerfEventArrayMap) o.map("perf")).open(0);

        // when the XDP program runs twice
        o.run("maps", XdpInput.of(FRAME));
        o.run("maps", XdpInput.of(FRAME));

        // then, as of the second run (slots 30-47 are what Linux 6.18 gave for two bpftool prog runs;
        // the kernel's slot 48 was -ENOENT, as no perf event was open there):
        Map<Integer, Long> got = results(o);
        assertThat(got.get(30)).as("update BPF_NOEXIST of an existing key (second run)").isEqualTo(-17);
        assertThat(got.get(31)).as("update BPF_NOEXIST again").isEqualTo(-17);
        assertThat(got.get(32)).as("lookup").isEqualTo(40);
        assertThat(got.get(33)).as("for_each_map_elem: elements visited").isEqualTo(2);
        assertThat(got.get(34)).as("sum of the values").isEqualTo(42);
        assertThat(got.get(35)).as("delete").isZero();
        assertThat(got.get(36)).as("delete again: -ENOENT").isEqualTo(-2);
        // the first run left [12] in the 2-entry queue: 11 fits, 12 and 13 do not
        assertThat(got.get(37)).as("push").isZero();
        assertThat(got.get(38)).as("push into a full queue: -E2BIG").isEqualTo(-7);
        assertThat(got.get(39)).as("peek").isZero();
        assertThat(got.get(40)).as("peeked value: the oldest").isEqualTo(12);
        assertThat(got.get(41)).as("pop").isZero();
        assertThat(got.get(42)).isEqualTo(12);
        assertThat(got.get(43)).as("lookup_percpu_elem on CPU 1").isEqualTo(99);
        assertThat(got.get(44)).as("lookup_percpu_elem on CPU 64: NULL").isEqualTo(1);
        assertThat(got.get(45)).as("counter under spin_lock").isEqualTo(2);
        assertThat(got.get(46)).as("ringbuf_output").isZero();
        assertThat(got.get(47)).as("ringbuf_query BPF_RB_AVAIL_DATA: three 16-byte records a run, the discarded one included").isEqualTo(96);
        assertThat(got.get(48)).as("perf_event_output on CPU 0").isZero();
        assertThat(((org.ebpftest.runtime.linux.maps.PerfEventArrayMap) o.map("perf")).drain()).hasSize(2);
        assertThat(((RingBufMap) o.map("events")).query(0)).isEqualTo(96);
    }

    @Test
    void hashRecalcComputesAStableFlowHashAndSetHashInvalidClearsIt() throws IOException {
        // given two loads with the same hash key
        LoadedObject a = load(new LinuxEnvironment().setHashSeed(7));
        LoadedObject b = load(new LinuxEnvironment().setHashSeed(7));

        // when the tc program recalculates the hash, invalidates it and recalculates again
        a.run("hash", SkbInput.of(FRAME));
        b.run("hash", SkbInput.of(FRAME));

        // then the hash is non-zero, stable for a key, visible in skb->hash, cleared and computed again alike
        Map<Integer, Long> got = results(a);
        assertThat(got.get(50)).isNotZero().isEqualTo(results(b).get(50));
        assertThat(got.get(51) & 0xffffffffL).isEqualTo(got.get(50));
        assertThat(got.get(52)).isZero();
        assertThat(got.get(53)).isEqualTo(got.get(50));
    }

    @Test
    void redirectMapSendsToTheDevmapEntryAndFallsBackOnAnEmptySlot() throws IOException {
        // given a devmap whose slot 0 names ifindex 5 and whose slot 1 is empty
        LoadedObject o = load(new LinuxEnvironment());
        o.map("devs").update(new byte[4], new byte[] {5, 0, 0, 0}, 0);

        // when the XDP program redirects through slot 1 (fallback XDP_PASS), then slot 0
        RunResult r = o.run("redirect_via_map", XdpInput.of(FRAME));

        // then the empty slot answered XDP_PASS and the run ends in XDP_REDIRECT to ifindex 5
        assertThat(results(o).get(55)).isEqualTo(2);
        assertThat(r.retval()).isEqualTo(4);
        assertThat(r.redirect()).hasValueSatisfying(t -> assertThat(t.ifindex()).isEqualTo(5));
    }
}
