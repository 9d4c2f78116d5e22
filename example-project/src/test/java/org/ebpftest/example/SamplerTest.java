package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import org.ebpftest.example.bpf.XdpSampler;
import org.ebpftest.example.bpf.XdpSampler.Sample;
import org.ebpftest.example.bpf.XdpSampler.SamplerConfig;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.EmulatorOnly;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.junit.RandomSeed;
import org.ebpftest.packet.Packets;
import org.ebpftest.packet.TcpFlag;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.helpers.HelperId;
import org.ebpftest.runtime.linux.helpers.LinuxHelper;
import org.ebpftest.runtime.linux.net.NetDevice;
import org.ebpftest.runtime.skeleton.TypedRecords;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The packet sampler ({@code xdp_sampler.c}), which picks packets with
 * {@code bpf_get_prandom_u32}. The emulator's random numbers come from a seeded generator:
 * {@code @RandomSeed} fixes the seed for the class (or one method), so a test of a random choice
 * runs the same way every time; mocking the helper decides each choice outright.
 */
@BpfObject("xdp_sampler.o")
@RandomSeed(42)
class SamplerTest {
    static final int SEEN = 0;
    static final int SAMPLED = 1;
    static final int LOST = 2;
    static final int HEAD = 64;
    static final int RING_CAPACITY = 46;

    @ObjectProgram("xdp_sampler") BpfProgram sampler;
    /** The generated skeleton: {@code samples} decoded as {@code struct sample} (the map's BTF decl tag names it). */
    XdpSampler skeleton;
    @Loaded LinuxEnvironment environment;
    @Loaded ObjectSpec spec;   // the parsed object, to load a second copy with another environment

    /** Packet {@code i} of a stream: a UDP datagram whose frame is {@code 60 + i} bytes long, so a sample names it. */
    static byte[] packet(int i) {
        return Packets.ethernet().ipv4().source("192.0.2.7").destination("198.51.100.10")
                .udp().sourcePort(5000).destinationPort(9000).payload(new byte[18 + i]).build();
    }

    long counted(int counter) {
        return skeleton.counters().getPerCpu(counter).orElseThrow().stream().mapToLong(Long::longValue).sum();
    }

    /** Runs packets 0 to n-1 through a sampler and returns which ones it sampled, from the frame lengths of the samples. */
    static List<Integer> sampledOf(int n, IntFunction<Integer> run, TypedRecords<Sample> ring) {
        List<Integer> sampled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertThat(run.apply(i)).as("packet %d", i).isEqualTo(2);   // XDP_PASS, always
            // Read the ring as a collector does, consuming the samples, so that it never fills up.
            for (Sample sample : ring.drain()) {
                sampled.add(sample.frameLen() - 60);
            }
        }
        return sampled;
    }

    /** The packets a sampler loaded with {@code seed} picks from the first {@code n} at {@code rate}. */
    static List<Integer> sampledWithSeed(long seed, int rate, int n, ObjectSpec spec) {
        LoadedObject other = LoadedObject.load(spec, new LinuxEnvironment().seedRandom(seed));
        XdpSampler skeleton = new XdpSampler(other);
        skeleton.config().put(0, new SamplerConfig(rate));
        return sampledOf(n, i -> skeleton.xdpSampler().run(XdpInput.of(packet(i))).retval(), skeleton.samples());
    }

    @Nested
    @DisplayName("rates that leave nothing to chance")
    class FixedRates {

        @Test
        void rateZeroSamplesNothingButCountsEveryPacket() {
            skeleton.config().put(0, new SamplerConfig(0));
            for (int i = 0; i < 10; i++) {
                assertThat(sampler.run(packet(i))).returnsXdpPass();
            }

            assertThat(skeleton.samples().map()).hasNoRecords();
            assertThat(counted(SEEN)).isEqualTo(10);
            assertThat(counted(SAMPLED)).isZero();
        }

        @Test
        void rateOneSamplesEveryFrameWithItsHead() {
            skeleton.config().put(0, new SamplerConfig(1));
            byte[] syn = Packets.ethernet().ipv4().tcp().destinationPort(443).flags(TcpFlag.SYN).build();
            byte[] arp = Packets.ethernet().arp().request().targetIp("192.0.2.1").build();

            assertThat(sampler.run(syn)).returnsXdpPass().packetIsUnchanged(syn);
            sampler.run(arp);

            assertThat(skeleton.samples().drain()).satisfiesExactly(
                    first -> assertThat(first).satisfies(s -> {
                        assertThat(s.sampleRate()).isEqualTo(1);
                        assertThat(s.frameLen()).isEqualTo(syn.length);
                        assertThat(s.ingressIfindex()).as("test_run receives on lo").isEqualTo(1);
                        assertThat(s.headLen()).isEqualTo(syn.length);
                        assertThat(s.head()).isEqualTo(Arrays.copyOf(syn, HEAD));   // zero after the frame
                    }),
                    second -> assertThat(second.head()).startsWith(arp));
        }

        @Test
        void keepsTheFirst64BytesOfALongFrame() {
            skeleton.config().put(0, new SamplerConfig(1));
            byte[] large = packet(1400);

            sampler.run(large);

            assertThat(skeleton.samples().drain()).singleElement().satisfies(sample -> {
                assertThat(sample.frameLen()).isEqualTo(large.length);
                assertThat(sample.headLen()).isEqualTo(HEAD);
                assertThat(sample.head()).isEqualTo(Arrays.copyOf(large, HEAD));
            });
        }

        @Test
        void recordsTheInterfaceThePacketArrivedOn() {
            skeleton.config().put(0, new SamplerConfig(1));
            environment.addDevice(new NetDevice(3, "eth1", new byte[] {2, 0, 0, 0, 0, 3}, 1500, 4));

            sampler.run(XdpInput.of(packet(0)).receivedOn(3, 2));

            assertThat(skeleton.samples().drain()).extracting(Sample::ingressIfindex).containsExactly(3);
        }

        @Test
        void countsWhatAFullRingCannotTake() {
            skeleton.config().put(0, new SamplerConfig(1));
            for (int i = 0; i < RING_CAPACITY + 3; i++) {
                sampler.run(packet(i));
            }

            assertThat(skeleton.samples().map()).hasRecordCount(RING_CAPACITY);
            assertThat(counted(SAMPLED)).isEqualTo(RING_CAPACITY);
            assertThat(counted(LOST)).isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("random sampling")
    class RandomSampling {

        @Test
        void samplesAboutOneInRatePackets() {
            skeleton.config().put(0, new SamplerConfig(8));

            List<Integer> sampled = sampledOf(800, i -> sampler.run(packet(i)).retval(), skeleton.samples());

            // 100 expected; the bounds are more than four standard deviations (9.4) away.
            assertThat(sampled).hasSizeBetween(60, 140);
            assertThat(counted(SAMPLED)).isEqualTo(sampled.size());
            assertThat(counted(SEEN)).isEqualTo(800);
        }

        @Test
        @EmulatorOnly("the seeded random numbers (@RandomSeed)")
        void theSeedOfTheClassPicksTheSamePacketsEveryTime() {
            skeleton.config().put(0, new SamplerConfig(4));

            List<Integer> sampled = sampledOf(100, i -> sampler.run(packet(i)).retval(), skeleton.samples());

            assertThat(sampled).isNotEmpty().isEqualTo(sampledWithSeed(42, 4, 100, spec));
        }

        @Test
        @RandomSeed(7)
        @EmulatorOnly("the seeded random numbers (@RandomSeed)")
        void aMethodCanChooseItsOwnSeed() {
            skeleton.config().put(0, new SamplerConfig(4));

            List<Integer> sampled = sampledOf(100, i -> sampler.run(packet(i)).retval(), skeleton.samples());

            assertThat(sampled).isEqualTo(sampledWithSeed(7, 4, 100, spec))
                    .isNotEqualTo(sampledWithSeed(42, 4, 100, spec));
        }

        @Test
        void aMockedRandomNumberDecidesEachPacket() {
            skeleton.config().put(0, new SamplerConfig(4));
            Iterator<Long> randoms = List.of(0L, 1L, 2L, 3L, 8L, 0xffff_fffcL).iterator();
            environment.override(HelperId.GET_PRANDOM_U32, LinuxHelper.answering(randoms::next));

            List<Integer> sampled = sampledOf(6, i -> sampler.run(packet(i)).retval(), skeleton.samples());

            assertThat(sampled).as("the packets whose number is a multiple of 4").containsExactly(0, 4, 5);
        }
    }
}
