package org.ebpftest.example;

import static org.ebpftest.assertions.EbpfAssertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ebpftest.junit.BpfObject;
import org.ebpftest.junit.BpfProgram;
import org.ebpftest.junit.Loaded;
import org.ebpftest.junit.ObjectProgram;
import org.ebpftest.packet.Ipv4;
import org.ebpftest.packet.pcap.CaptureFile;
import org.ebpftest.packet.pcap.PcapRecord;
import org.ebpftest.packet.pcap.PcapWriter;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A captured traffic mix replayed through the rate limiter at the pace it was captured: each
 * packet's capture timestamp sets the {@link VirtualClock} before it runs.
 *
 * <p>{@code captures/udp-flood.pcapng} (written with {@code PcapWriter} from {@code Packets}
 * frames; open it with Wireshark or {@code tcpdump -r}) holds 106 packets over 2.5 seconds:
 * 203.0.113.66 floods port 53 with 100 datagrams, one every 20 ms from 0 s to 1.98 s, while
 * 192.0.2.10 (DNS) and 192.0.2.11 (HTTPS SYNs) each send one packet at 0.5 s, 1.5 s and 2.5 s.
 */
@BpfObject("xdp_ratelimit.o")
class RateLimiterCaptureTest {
    @ObjectProgram("xdp_ratelimit") BpfProgram limiter;
    @Loaded VirtualClock clock;

    static CaptureFile capture(String resource) throws IOException {
        try (InputStream in = RateLimiterCaptureTest.class.getResourceAsStream("/" + resource)) {
            return CaptureFile.read(in.readAllBytes(), resource);
        }
    }

    @Test
    void passesTheFloodersBurstAndOneMorePerSecondWhileOthersAreUntouched(@TempDir Path out) throws IOException {
        CaptureFile flood = capture("captures/udp-flood.pcapng");
        long start = clock.monotonicNs();
        long first = flood.records().get(0).timestampNanos();
        Map<String, Integer> passed = new TreeMap<>();
        List<PcapRecord> dropped = new ArrayList<>();

        for (PcapRecord record : flood.records()) {
            clock.setMonotonicNs(start + record.timestampNanos() - first);
            RunResult result = limiter.run(record.data());
            String source = record.packet().layer(Ipv4.class).source().toString();
            if (result.retval() == 2) {
                passed.merge(source, 1, Integer::sum);
            } else {
                assertThat(result).returnsXdpDrop();
                dropped.add(record);
            }
        }

        // The burst of 4 at 0 s, then the token earned at 1.00 s; the flood ends before 2 s.
        assertThat(passed).containsExactly(Map.entry("192.0.2.10", 3), Map.entry("192.0.2.11", 3), Map.entry("203.0.113.66", 5));
        // The drops, saved as a capture of their own with their original timestamps.
        Path drops = out.resolve("dropped.pcapng");
        PcapWriter.pcapng().write(drops, dropped);
        CaptureFile saved = CaptureFile.read(drops);
        assertThat(saved.records()).hasSize(95)
                .allSatisfy(r -> assertThat(r.packet()).ipv4().hasSource("203.0.113.66"));
        assertThat(saved.records().get(0).timestampNanos() - first).as("first drop, 80 ms in").isEqualTo(80_000_000L);
    }
}
