package org.ebpftest.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ebpftest.runtime.elf.MapSpec;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.ebpftest.runtime.linux.maps.MapEntry;
import org.ebpftest.runtime.linux.maps.RecordMap;
import org.ebpftest.runtime.linux.maps.ReferenceMap;
import org.ebpftest.runtime.uapi.MapType;
import org.ebpftest.runtime.vm.Program;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays what the Linux kernel did with the example programs, recorded by
 * {@code src/main/bpf/record-kernel-results.py} with {@code bpftool prog run} (see PROGRAMS.md),
 * and checks that the emulator does the same: the same return value (or the same refusal), the
 * same output packet and context, and the same contents of every map afterwards. Each case starts
 * from fresh maps, pre-populated and warmed up exactly as the recording was.
 *
 * <p>Only bytes that hold the kernel's clock are masked before comparing, as the recordings' notes
 * list them: {@code last_refill_ns} in the rate limiter's buckets and the timestamp of each ring
 * buffer record of the logger.
 */
class KernelRecordingsTest {
    private static final Path BPF = Path.of("src", "main", "bpf");
    private static final Path RECORDINGS = Path.of("src", "test", "resources", "kernel");
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Byte ranges [from, to) of map values that hold kernel time, per object and map. */
    private static final Map<String, Map<String, int[]>> CLOCK_BYTES = Map.of(
            "xdp_ratelimit.o", Map.of("buckets", new int[] {8, 16}),
            "xdp_logger.o", Map.of("events", new int[] {0, 8}));

    @TestFactory
    Stream<DynamicContainer> emulatorDoesWhatTheKernelDid() throws IOException {
        List<DynamicContainer> files = new ArrayList<>();
        try (Stream<Path> recordings = Files.list(RECORDINGS)) {
            for (Path file : recordings.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode recording = JSON.readTree(file.toFile());
                List<DynamicTest> cases = new ArrayList<>();
                for (JsonNode c : recording.get("cases")) {
                    cases.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> replay(recording, c)));
                }
                files.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), cases));
            }
        }
        return files.stream();
    }

    private static void replay(JsonNode recording, JsonNode c) throws IOException {
        String objectName = recording.get("object").asText();
        String program = recording.get("program").asText();
        ObjectSpec spec = ObjectSpec.load(BPF.resolve(objectName));
        LinuxEnvironment environment = new LinuxEnvironment()
                .setCpus(recording.get("possible_cpus").asInt())
                .setCpu(recording.get("run_cpu").asInt());
        LoadedObject object = LoadedObject.load(spec, environment);
        c.path("maps_before").fields().forEachRemaining(m -> preload(object, spec, m.getKey(), m.getValue()));
        for (JsonNode before : c.path("runs_before")) {
            RunResult warmUp = run(object, program, before);
            assertThat(warmUp.retval()).as("warm-up packet return value").isEqualTo(before.get("return_value").asInt());
        }

        if (c.has("error")) {
            assertThatThrownBy(() -> run(object, program, c))
                    .as("the kernel refused this run with %s", c.get("error").asText())
                    .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(errno(c.get("error").asText())));
            return;
        }
        RunResult result = run(object, program, c);

        assertThat(result.retval()).as("return value").isEqualTo(c.get("return_value").asInt());
        assertThat(HEX.formatHex(result.packet())).as("data_out").isEqualTo(c.get("data_out").asText());
        if (!c.get("ctx_out").isNull()) {
            assertThat(result.contextOut().map(HEX::formatHex)).as("ctx_out").hasValue(c.get("ctx_out").asText());
        }
        Map<String, int[]> clock = CLOCK_BYTES.getOrDefault(objectName, Map.of());
        c.get("maps_after").fields().forEachRemaining(m -> {
            BpfMap map = object.map(mapName(spec, m.getKey()));
            assertThat(actualEntries(map, clock.get(map.name())))
                    .as("map %s after the run", map.name())
                    .isEqualTo(recordedEntries(m.getValue(), map, clock.get(map.name())));
        });
    }

    private static RunResult run(LoadedObject object, String program, JsonNode run) {
        byte[] data = HEX.parseHex(run.get("data_in").asText());
        byte[] ctx = run.path("ctx_in").isNull() || run.path("ctx_in").isMissingNode() ? null : HEX.parseHex(run.get("ctx_in").asText());
        ContextType type = object.contextType(program);
        return type == ContextType.XDP
                ? object.run(program, XdpInput.fromTestRun(data, ctx))
                : object.run(program, SkbInput.fromTestRun(data, ctx));
    }

    private static void preload(LoadedObject object, ObjectSpec spec, String recordedName, JsonNode entries) {
        BpfMap map = object.map(mapName(spec, recordedName));
        for (JsonNode e : entries) {
            byte[] key = HEX.parseHex(e.get("key").asText());
            byte[] value = HEX.parseHex(e.get("value").asText());
            assertThatCode(() -> {
                if (map.isPerCpu()) {
                    map.updatePerCpu(key, java.util.Collections.nCopies(map.cpus(), value), 0);
                } else {
                    map.update(key, value, 0);
                }
            }).as("preloading %s", map.name()).doesNotThrowAnyException();
        }
    }

    /** The object's name for a map as the recording names it (bpftool pins global data as {@code xdp_rate_rodata}). */
    private static String mapName(ObjectSpec spec, String recorded) {
        for (MapSpec m : spec.maps()) {
            if (m.name().equals(recorded) || m.kernelName(spec.fileName()).replace('.', '_').equals(recorded)) {
                return m.name();
            }
        }
        throw new IllegalArgumentException("the recording names map " + recorded + ", which " + spec.fileName() + " does not have");
    }

    /** Entries as the recording lists them: sorted by key, arrays without all-zero values, rings as records. */
    private static List<String> actualEntries(BpfMap map, int[] clock) {
        List<String> out = new ArrayList<>();
        if (map instanceof RecordMap ring) {
            for (byte[] record : ring.drain()) {
                out.add("record=" + masked(record, clock));
            }
            return out;
        }
        if (map.type() == MapType.PROG_ARRAY) {
            for (MapEntry e : map.entries()) {
                Optional<Object> target = ((ReferenceMap) map).reference(e.key());
                out.add("key=" + HEX.formatHex(e.key()) + " program=" + target.filter(Program.class::isInstance).map(p -> ((Program) p).name()).orElse("?"));
            }
            return sorted(out);
        }
        boolean array = map.type() == MapType.ARRAY || map.type() == MapType.PERCPU_ARRAY;
        for (MapEntry e : map.entries()) {
            if (array && e.values().stream().allMatch(KernelRecordingsTest::allZero)) {
                continue;
            }
            out.add("key=" + HEX.formatHex(e.key()) + " value=" + String.join("|", e.values().stream().map(v -> masked(v, clock)).toList()));
        }
        return sorted(out);
    }

    private static List<String> recordedEntries(JsonNode entries, BpfMap map, int[] clock) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : entries) {
            if (e.has("record")) {
                out.add("record=" + masked(HEX.parseHex(e.get("record").asText()), clock));
            } else if (e.has("program")) {
                out.add("key=" + e.get("key").asText() + " program=" + e.get("program").asText());
            } else if (e.has("values")) {
                List<String> values = new ArrayList<>();
                e.get("values").forEach(v -> values.add(masked(HEX.parseHex(v.asText()), clock)));
                out.add("key=" + e.get("key").asText() + " value=" + String.join("|", values));
            } else {
                out.add("key=" + e.get("key").asText() + " value=" + masked(HEX.parseHex(e.get("value").asText()), clock));
            }
        }
        return map instanceof RecordMap ? out : sorted(out);
    }

    private static String masked(byte[] value, int[] clock) {
        String hex = HEX.formatHex(value);
        if (clock == null || value.length < clock[1]) {
            return hex;
        }
        return hex.substring(0, 2 * clock[0]) + "..".repeat(clock[1] - clock[0]) + hex.substring(2 * clock[1]);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static List<String> sorted(List<String> entries) {
        return new ArrayList<>(new TreeMap<>(entries.stream().collect(java.util.stream.Collectors.toMap(s -> s, s -> s))).keySet());
    }

    private static int errno(String name) {
        return switch (name) {
            case "EINVAL" -> 22;
            case "ENOSPC" -> 28;
            case "E2BIG" -> 7;
            default -> throw new IllegalArgumentException("unknown errno name " + name);
        };
    }
}
