package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.Pinning;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Loads the clang-compiled test objects both into this machine's kernel ({@code bpftool prog
 * loadall}) and into the emulator, runs every XDP, tc and socket-filter program on the same packets
 * in the same order, and compares after every run: the return value, the output packet, and the
 * contents of every map the kernel can dump. Per-CPU maps compare exactly because the kernel runs
 * are pinned to CPU 0, where the emulator runs too.
 */
@Tag("kernel")
class ObjectKernelComparisonTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The objects the kernel accepts (see LOADER.md for the ones libbpf refuses). */
    private static final List<String> OBJECTS = List.of("programs.o", "maps.o", "globals.o", "callbacks.o", "v4.o", "kinds.o", "keyed_maps.o",
            "helpers_misc.o", "helpers_net.o", "probe_ranges.o", "large_program.o");

    /**
     * The example project's programs whose runs depend on nothing but the packet and the maps
     * (the rate limiter reads the clock, the sampler draws random numbers, and the pipeline's
     * program array is emptied by the kernel as above), loaded from the committed objects. With
     * empty maps they exercise their parsers and default paths.
     */
    private static final List<String> EXAMPLES = List.of("xdp_firewall.o", "xdp_lb.o", "tc_nat.o", "xdp_logger.o", "socket_dns.o");
    private static final Path EXAMPLE_OBJECTS = Path.of("../example-project/src/main/bpf");

    /**
     * Where the emulator deliberately differs, the value it returns instead, and why. The kernel
     * empties a program array once no process holds it open or pinned; bpftool cannot pin this
     * object's maps (its map-in-map template), so after {@code bpftool prog loadall} exits the
     * array is empty and the tail call falls through to XDP_DROP. The emulator keeps the static
     * initialisation, like a loader that keeps the object open, so the tail call reaches tail_a,
     * which returns XDP_PASS.
     */
    private static final Map<String, Long> KEPT_PROGRAM_ARRAY = Map.of("maps.o count packet 1", 2L, "maps.o count packet 2", 2L,
            "maps.o count packet 3", 2L, "maps.o count packet 4", 2L, "maps.o count packet 5", 2L, "maps.o count packet 6", 2L,
            "maps.o count packet 7", 2L, "maps.o count packet 8", 2L, "maps.o count packet 9", 2L);

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    /**
     * Ethernet frames: IPv4/TCP with payload, IPv6/UDP, ARP, the shortest frame test_run takes, and
     * the IPv4/TCP frame again from six more source MACs (keyed_maps.o keys its maps by the last
     * byte, so its four-entry LRU maps must evict).
     */
    static List<byte[]> packets() {
        List<byte[]> packets = new ArrayList<>(base());
        for (int mac = 2; mac <= 7; mac++) {
            byte[] frame = packets.get(0).clone();
            frame[11] = (byte) mac;
            packets.add(frame);
        }
        return packets;
    }

    private static List<byte[]> base() {
        return List.of(
                HEX.parseHex("0200000000020200000000010800"
                        + "4500003c1c4640004006b1e60a0000010a000063"
                        + "303900500000000100000000a0027210a0d40000020405b40402080a0000000000000000"
                        + "0000000000000000000000000000000000000000"),
                HEX.parseHex("02000000000202000000000186dd"
                        + "6000000000101140" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002"
                        + "d43101bb00107f5a" + "68656c6c6f212121"),
                HEX.parseHex("ffffffffffff0200000000010806" + "0001080006040001020000000001c0000201000000000000c0000202"),
                HEX.parseHex("0200000000020200000000010800"));
    }

    @TestFactory
    Stream<DynamicTest> everyProgramAgreesWithTheKernelOnEveryPacket() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> files = new ArrayList<>(OBJECTS);
        files.addAll(EXAMPLES);
        for (String file : files) {
            byte[] bytes;
            if (EXAMPLES.contains(file)) {
                bytes = Files.readAllBytes(EXAMPLE_OBJECTS.resolve(file));
            } else {
                try (InputStream in = getClass().getResourceAsStream("/elf/" + file)) {
                    bytes = in.readAllBytes();
                }
            }
            ObjectSpec spec = ObjectSpec.parse(file, bytes);
            for (String program : spec.programs().stream().map(p -> p.name()).toList()) {
                ContextType type = ContextType.of(spec.program(program).type());
                if (type == ContextType.GENERIC) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(file + " " + program, () -> compare(spec, bytes, program, type)));
            }
        }
        return tests.stream();
    }

    private static void compare(ObjectSpec spec, byte[] bytes, String program, ContextType type) throws Exception {
        LinuxEnvironment environment = new LinuxEnvironment().setCpus(possibleCpus());
        LoadedObject emulated = LoadedObject.load(spec, environment);
        // Maps pinned by name outlive the object in the kernel; start from fresh ones.
        removePinnedByName(spec);
        try (KernelOracle kernel = KernelOracle.load(bytes, spec.fileName().replace(".o", ""))) {
            int n = 0;
            for (byte[] packet : packets()) {
                String step = spec.fileName() + " " + program + " packet " + n++;
                KernelOracle.KernelRun expected = kernel.run(program, packet);
                if (expected.refusal() != null) {
                    assertThat(expected.refusal()).as(step).contains("Invalid argument");
                    assertThatThrownBy(() -> run(emulated, program, type, packet))
                            .as("%s: the kernel refused the run (%s)", step, expected.refusal())
                            .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(22));
                    continue;
                }

                RunResult actual = run(emulated, program, type, packet);

                long expectedReturn = KEPT_PROGRAM_ARRAY.getOrDefault(step, expected.returnValue());
                assertThat(actual.returnValue() & 0xffffffffL).as("%s: return value", step).isEqualTo(expectedReturn);
                assertThat(HEX.formatHex(actual.packet())).as("%s: output packet", step).isEqualTo(HEX.formatHex(expected.dataOut()));
                compareMaps(spec, emulated, kernel, step);
            }
        } finally {
            removePinnedByName(spec);
        }
    }

    private static void removePinnedByName(ObjectSpec spec) throws IOException {
        for (MapSpec m : spec.maps()) {
            if (m.pinning() == Pinning.BY_NAME) {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("/sys/fs/bpf", m.name()));
            }
        }
    }

    private static RunResult run(LoadedObject emulated, String program, ContextType type, byte[] packet) {
        return type == ContextType.XDP
                ? emulated.run(program, XdpInput.of(packet))
                : emulated.run(program, SkbInput.of(packet).withoutContext());
    }

    private static void compareMaps(ObjectSpec spec, LoadedObject emulated, KernelOracle kernel, String step) throws Exception {
        List<String> pinned = kernel.mapNames();
        for (MapSpec m : spec.maps()) {
            String pin = pinned.contains(m.name()) ? m.name() : m.kernelName(spec.fileName());
            if (!pinned.contains(pin) || !dumpable(m)) {
                continue;
            }
            JsonNode dump = JSON.readTree(kernel.dumpMap(pin));
            assertThat(emulatedEntries(emulated.map(m.name()))).as("%s: map %s", step, m.name()).isEqualTo(kernelEntries(dump));
        }
    }

    private static boolean dumpable(MapSpec m) {
        return switch (m.type()) {
            case ARRAY, PERCPU_ARRAY, HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH, LPM_TRIE -> true;
            default -> false;
        };
    }

    /** key hex -> value hex (per-CPU values joined with "|"), sorted by key. */
    private static Map<String, String> kernelEntries(JsonNode dump) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode entry : dump) {
            String key = bytes(entry.get("key"));
            if (entry.has("values")) {
                List<String> values = new ArrayList<>();
                for (JsonNode v : entry.get("values")) {
                    values.add(bytes(v.get("value")));
                }
                out.put(key, String.join("|", values));
            } else {
                out.put(key, bytes(entry.get("value")));
            }
        }
        return out;
    }

    private static Map<String, String> emulatedEntries(BpfMap map) {
        Map<String, String> out = new TreeMap<>();
        for (MapEntry e : map.entries()) {
            out.put(HEX.formatHex(e.key()), String.join("|", e.values().stream().map(HEX::formatHex).toList()));
        }
        return out;
    }

    private static String bytes(JsonNode hexBytes) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : hexBytes) {
            sb.append(b.asText().substring(2));
        }
        return sb.toString();
    }

    private static int possibleCpus() throws IOException {
        String possible = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/sys/devices/system/cpu/possible"))).trim();
        String last = possible.contains("-") ? possible.substring(possible.lastIndexOf('-') + 1) : possible;
        return Integer.parseInt(last.split(",")[0].trim()) + 1;
    }
}
