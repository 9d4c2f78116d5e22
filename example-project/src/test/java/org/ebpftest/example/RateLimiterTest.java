package org.ebpftest.example;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ebpftest.assertions.EbpfAssertions.assertThat;
import static org.ebpftest.example.Net.inet4;
import static org.ebpftest.example.Net.ipv4;

import java.util.Arrays;
import org.ebpftest.example.bpf.XdpRatelimit;
import org.ebpftest.example.bpf.XdpRatelimit.BpfSpinLock;
import org.ebpftest.example.bpf.XdpRatelimit.Bucket;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.EmulatorOnly;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.junit.SetGlobal;
import org.ebpftest.packet.Packets;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.linux.maps.MapCodec;
import org.ebpftest.runtime.linux.maps.MapOperationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The token-bucket rate limiter ({@code xdp_ratelimit.c}) against a clock the test moves:
 * {@code bpf_ktime_get_ns} reads the injected {@link VirtualClock}, which stands still unless the
 * test advances it, so "one second later" is exact and takes no time.
 */
@BpfObject("xdp_ratelimit.o")
class RateLimiterTest {
    static final int PASSED = 0;
    static final int LIMITED = 1;
    static final long SECOND = 1_000_000_000L;
    static final int BURST = 4;

    @ObjectProgram("xdp_ratelimit") BpfProgram limiter;
    /** The generated skeleton: {@code buckets} keyed by the {@code __be32} source, the {@code .rodata} limits as typed globals. */
    XdpRatelimit ratelimit;
    @Loaded VirtualClock clock;
    @Loaded LoadedObject object;

    static byte[] from(String source) {
        return Packets.ethernet().ipv4().source(source).destination("198.51.100.10").udp().destinationPort(443).payload("quic").build();
    }

    boolean passes(String source) {
        int verdict = limiter.run(from(source)).retval();
        assertThat(verdict).as("XDP_DROP (1) or XDP_PASS (2)").isIn(1, 2);
        return verdict == 2;
    }

    /** How many of {@code n} packets sent back to back, with the clock still, get through. */
    int passingOf(int n, String source) {
        int passed = 0;
        for (int i = 0; i < n; i++) {
            passed += passes(source) ? 1 : 0;
        }
        return passed;
    }

    @Test
    void runsWithTheLimitsCompiledIntoRodata() {
        assertThat(ratelimit.ratePerSec().get()).isEqualTo(1);
        assertThat(ratelimit.burst().get()).isEqualTo(BURST);
        assertThat(object.map(".rodata"), object).value(0, MapCodec.int32()).hasField("burst", BURST).hasField("rate_per_sec", 1);
    }

    @Nested
    @DisplayName("a burst")
    class Burst {

        @Test
        void letsTheBurstThroughAndDropsTheNextPacket() {
            assertThat(passingOf(BURST, "192.0.2.7")).isEqualTo(BURST);

            assertThat(limiter.run(from("192.0.2.7"))).returnsXdpDrop();
            assertThat(ratelimit.counters().map()).sumOfPerCpuValues(PASSED, MapCodec.int32(), MapCodec.int64()).isEqualTo(BURST);
            assertThat(ratelimit.counters().map()).sumOfPerCpuValues(LIMITED, MapCodec.int32(), MapCodec.int64()).isEqualTo(1);
        }

        @Test
        void startsANewSourceWithAFullBucketStampedWithTheClock() {
            clock.setMonotonicNs(5_000 * SECOND);

            limiter.run(from("192.0.2.7"));

            Bucket bucket = ratelimit.buckets().get(ipv4("192.0.2.7")).orElseThrow();
            assertThat(bucket.tokens()).isEqualTo(BURST - 1);
            assertThat(bucket.lastRefillNs()).isEqualTo(5_000 * SECOND);
            assertThat(bucket.lock()).as("unlocked after the run").isEqualTo(new BpfSpinLock(0));
            assertThat(ratelimit.buckets().map(), object).value(inet4("192.0.2.7"), MapCodec.ipv4())
                    .hasField("tokens", BURST - 1).hasField("last_refill_ns", 5_000 * SECOND);
        }

        @RepeatedTest(3)
        void startsEveryRepetitionFromEmptyBuckets() {
            assertThat(ratelimit.buckets().size()).isZero();

            assertThat(passingOf(BURST + 1, "192.0.2.7")).isEqualTo(BURST);
        }

        @Test
        void limitsEverySourceOnItsOwn() {
            assertThat(passingOf(BURST + 2, "192.0.2.7")).isEqualTo(BURST);

            assertThat(passingOf(BURST + 2, "192.0.2.8")).isEqualTo(BURST);
            assertThat(ratelimit.buckets().size()).isEqualTo(2);
        }

        @Test
        void limitsIpv4BehindAVlanTag() {
            byte[] tagged = Packets.ethernet().vlan(7).ipv4().source("192.0.2.7").destination("198.51.100.10")
                    .udp().destinationPort(443).build();
            for (int i = 0; i < BURST; i++) {
                assertThat(limiter.run(tagged)).returnsXdpPass();
            }

            assertThat(limiter.run(tagged)).returnsXdpDrop();
        }
    }

    @Nested
    @DisplayName("configured before load, as a skeleton would")
    @SetGlobal(name = "rate_per_sec", value = "10")
    @EmulatorOnly("the virtual clock, standing still between packets (at 10 tokens a second the kernel's clock earns one every 100 ms)")
    class Configured {

        @Test
        @SetGlobal(name = "burst", value = "8")
        void aLargerBurstLetsMorePacketsThrough() {
            assertThat(ratelimit.ratePerSec().get()).isEqualTo(10);
            assertThat(ratelimit.burst().get()).isEqualTo(8);

            assertThat(passingOf(9, "192.0.2.7")).isEqualTo(8);
        }

        @Test
        void aFasterRateEarnsATokenEveryTenthOfASecond() {
            assertThat(passingOf(BURST + 1, "192.0.2.7")).isEqualTo(BURST);

            clock.advanceNs(SECOND / 10);

            assertThat(passingOf(2, "192.0.2.7")).isEqualTo(1);
        }

        @Test
        void rodataIsFrozenOnceLoaded() {
            assertThatThrownBy(() -> ratelimit.burst().set(8))
                    .as("EPERM, as Linux answers a write to a frozen map").isInstanceOf(MapOperationException.class)
                    .hasMessageEndingWith("failed: EPERM");
        }
    }

    @Nested
    @DisplayName("refilling")
    class Refill {

        @BeforeEach
        void emptyTheBucket() {
            assertThat(passingOf(BURST, "192.0.2.7")).isEqualTo(BURST);
        }

        @Test
        void earnsOneTokenPerSecondAndNotANanosecondEarlier() {
            clock.advanceNs(SECOND - 1);
            assertThat(passes("192.0.2.7")).isFalse();

            clock.advanceNs(1);
            assertThat(passes("192.0.2.7")).isTrue();
            assertThat(passes("192.0.2.7")).isFalse();
        }

        @Test
        void earnsWholeTokensAndForgetsTheFractionWhenItEarns() {
            clock.advanceNs(3 * SECOND / 2);
            assertThat(passes("192.0.2.7")).as("1.5 s: one token, the half second is dropped").isTrue();

            clock.advanceNs(6 * SECOND / 10);
            assertThat(passes("192.0.2.7")).as("0.6 s after the last refill").isFalse();

            clock.advanceNs(4 * SECOND / 10);
            assertThat(passes("192.0.2.7")).as("1.0 s after the last refill").isTrue();
        }

        @Test
        void earnsSeveralTokensAfterSeveralSeconds() {
            clock.advanceNs(3 * SECOND + SECOND / 2);

            assertThat(passingOf(BURST + 1, "192.0.2.7")).isEqualTo(3);
        }

        @Test
        void neverHoldsMoreThanTheBurstAfterALongIdle() {
            clock.advanceNs(3_600 * SECOND);

            assertThat(passingOf(BURST + 3, "192.0.2.7")).isEqualTo(BURST);
        }

        @Test
        void earnsNothingWhenTheClockStepsBack() {
            clock.setMonotonicNs(clock.monotonicNs() - 10 * SECOND);

            assertThat(passes("192.0.2.7")).isFalse();
            assertThat(ratelimit.buckets().get(ipv4("192.0.2.7")).orElseThrow().tokens()).isZero();
        }
    }

    @Test
    void aBucketRefilledInTheFutureWaitsForTheClockToCatchUp() {
        long now = clock.monotonicNs();
        ratelimit.buckets().put(ipv4("192.0.2.7"), new Bucket(0, now + 10 * SECOND));

        clock.advanceNs(10 * SECOND);
        assertThat(passes("192.0.2.7")).as("at the refill time itself").isFalse();

        clock.advanceNs(SECOND);
        assertThat(passes("192.0.2.7")).isTrue();
    }

    @Test
    void leavesNonIpv4TrafficAloneAndUncounted() {
        byte[] v6 = Packets.ethernet().ipv6().source("2001:db8::7").destination("2001:db8::10").udp().destinationPort(443).build();

        for (int i = 0; i < 2 * BURST; i++) {
            assertThat(limiter.run(v6)).returnsXdpPass().packetIsUnchanged(v6);
        }
        assertThat(ratelimit.buckets().size()).isZero();
        assertThat(ratelimit.counters().map()).sumOfPerCpuValues(PASSED, MapCodec.int32(), MapCodec.int64()).isZero();
    }

    @Test
    void dropsATruncatedIpv4HeaderWithoutCountingIt() {
        byte[] cut = Arrays.copyOf(from("192.0.2.7"), 14 + 16);

        assertThat(limiter.run(cut)).returnsXdpDrop();
        assertThat(ratelimit.counters().getPerCpu(LIMITED).orElseThrow()).containsOnly(0L);
    }
}
