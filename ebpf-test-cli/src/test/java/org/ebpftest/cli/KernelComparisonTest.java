package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.cli.Cli.frame;
import static org.ebpftest.cli.Cli.object;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ebpftest.cli.Cli.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code run} next to {@code bpftool prog run} on this machine's kernel: the same object, inputs
 * and map contents must give the same return line (the duration aside), data_out, ctx_out and maps.
 * Skips, saying why, without root, bpftool or a BPF filesystem at /sys/fs/bpf.
 */
@Tag("kernel")
class KernelComparisonTest {
    private static final Path BPFFS = Path.of("/sys/fs/bpf");
    /** The benchmarks' eBPF objects and packets. */
    private static final Path BENCHMARK_OBJECTS = Path.of("..", "benchmarks", "src", "main", "resources", "bpf");

    private static final Pattern RETURN_LINE = Pattern.compile("Return value: (\\d+), duration( \\(average\\))?: \\d+ns");

    @TempDir
    Path dir;
    private Path pins;
    private Path mapPins;

    @BeforeEach
    void kernelIsAvailable() {
        Optional<String> why = unavailableReason();
        assumeTrue(why.isEmpty(), () -> "kernel comparison skipped: " + why.orElse(""));
        String tag = "ebpftest-cli-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        pins = BPFFS.resolve(tag);
        mapPins = BPFFS.resolve(tag + "_maps");
    }

    @AfterEach
    void unpin() throws IOException {
        for (Path p : pins == null ? List.<Path>of() : List.of(pins, mapPins)) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    @Test
    void xdpProgramOnAShortAndALongFrame() throws Exception {
        for (int length : new int[] {60, 120}) {
            Path in = Files.write(dir.resolve("in-" + length + ".bin"), frame(length));
            assertSameRun(object("programs.o"), "xdp_len", List.of("--data-in", in.toString()), List.of("data_in", in.toString()), 1);
        }
    }

    @Test
    void tcProgramWithContext() throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), frame(60));
        Path ctx = Files.write(dir.resolve("ctx.bin"), new byte[192]);

        Outcome ours = assertSameRun(object("programs.o"), "tc_mark",
                List.of("--data-in", in.toString(), "--ctx-in", ctx.toString(), "--ctx-out", dir.resolve("ours-ctx.bin").toString()),
                List.of("data_in", in.toString(), "ctx_in", ctx.toString(), "ctx_out", dir.resolve("kernel-ctx.bin").toString()), 1);

        assertThat(ours.status()).isZero();
        assertThat(dir.resolve("ours-ctx.bin")).hasSameBinaryContentAs(dir.resolve("kernel-ctx.bin"));
    }

    @Test
    void mapsFilledBeforeTheRun() throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), frame(60));
        Path maps = Files.writeString(dir.resolve("maps.json"), """
                {"values": {"type": "array", "entries": [
                  {"key": "01000000", "value": "0500000000000000"},
                  {"key": "07000000", "value": "2500000000000000"}]}}""");
        load(object("callbacks.o"));
        bpftool("map", "update", "pinned", mapPin("values").toString(), "key", "hex", "01", "00", "00", "00",
                "value", "hex", "05", "00", "00", "00", "00", "00", "00", "00");
        bpftool("map", "update", "pinned", mapPin("values").toString(), "key", "hex", "07", "00", "00", "00",
                "value", "hex", "25", "00", "00", "00", "00", "00", "00", "00");

        Outcome ours = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--data-in", in.toString(), "--maps-in", maps.toString());
        String kernel = bpftool("prog", "run", "pinned", pins.resolve("map_sum").toString(), "data_in", in.toString());

        assertThat(returnLine(ours.out())).isEqualTo(returnLine(kernel)).isEqualTo("Return value: 42");
    }

    @Test
    void repeatedRunsLeaveTheSameGlobalData() throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), frame(60));
        Path mapsOut = dir.resolve("maps.json");

        assertSameRun(object("globals.o"), "globals", List.of("--data-in", in.toString(), "--maps-out", mapsOut.toString()),
                List.of("data_in", in.toString()), 3);

        String ours = new ObjectMapper().readTree(mapsOut.toFile()).at("/.bss/entries/0/value").asText();
        JsonNode kernel = new ObjectMapper().readTree(bpftool("-j", "map", "dump", "pinned", mapPin("globals.bss").toString()));
        StringBuilder kernelHex = new StringBuilder();
        kernel.get(0).get("value").forEach(b -> kernelHex.append(b.asText().substring(2)));
        assertThat(ours).isEqualTo(kernelHex.toString()).startsWith("0300000000000000");
    }

    /**
     * test_run runs a repeated program on one buffer and one context without resetting them: each
     * run of repeat.c's programs changes the packet, its head or tail, or the __sk_buff, and counts
     * itself in a map, so the last run's return value, data_out and the count show every run. The
     * long runs reach the ends (headroom used up, frame down to 14 bytes); 1,000 runs are compiled
     * before the first run.
     */
    @ParameterizedTest(name = "{0} repeated {1} times")
    @CsvSource({"xdp_bump, 3", "xdp_bump, 1000", "xdp_push, 3", "xdp_push, 200", "xdp_trim, 3", "xdp_trim, 60",
            "tc_bump, 3", "tc_grow, 5", "socket_count, 4"})
    void repeatedRunsEachStartFromWhatTheRunBeforeLeftAsInTheKernel(String program, int repeat) throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), frame(60));
        Path mapsOut = dir.resolve("maps.json");

        assertSameRun(object("repeat.o"), program, List.of("--data-in", in.toString(), "--maps-out", mapsOut.toString()),
                List.of("data_in", in.toString()), repeat);

        assertThat(new ObjectMapper().readTree(mapsOut.toFile()).at("/runs/entries/0/value").asText())
                .isEqualTo(kernelValueHex("runs")).isEqualTo(String.format("%016x", Long.reverseBytes(repeat)));
    }

    /**
     * The command line's speed benchmark, compared with the kernel on what it computes: a thousand
     * SYNs of one flow through tcp_parser.c give the kernel's verdict and packet, and leave its flow
     * entry (key, counts, options) as the kernel's, but for the two timestamps.
     */
    @Test
    void benchmarkParserKeepsTheKernelsFlowEntryAfterRepeatedSyns() throws Exception {
        Path in = BENCHMARK_OBJECTS.resolve("tcp_syn.bin");
        Path mapsOut = dir.resolve("maps.json");

        assertSameRun(BENCHMARK_OBJECTS.resolve("tcp_parser.o").toString(), "tcp_parser",
                List.of("--data-in", in.toString(), "--maps-out", mapsOut.toString()), List.of("data_in", in.toString()), 1000);

        JsonNode ours = new ObjectMapper().readTree(mapsOut.toFile()).at("/flows/entries/0");
        JsonNode kernel = new ObjectMapper().readTree(bpftool("-j", "map", "dump", "pinned", mapPin("flows").toString())).get(0);
        assertThat(ours.get("key").asText()).isEqualTo(hex(kernel.get("key")));
        String value = ours.get("value").asText();
        String kernelValue = hex(kernel.get("value"));
        // syns (1,000), bytes (74,000) and dropped (0), then first_ns and last_ns, which are each clock's own
        assertThat(value.substring(0, 48)).isEqualTo(kernelValue.substring(0, 48)).startsWith("e803000000000000" + "10210100");
        // tsval, mss (1460), window scale (7), SACK and timestamps seen, TTL (64)
        assertThat(value.substring(80)).isEqualTo(kernelValue.substring(80)).startsWith("00000000" + "b405" + "07" + "01" + "01" + "40");
    }

    @Test
    void repeatedTcRunsGiveTheKernelsContextOut() throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), frame(60));
        Path ctx = Files.write(dir.resolve("ctx.bin"), new byte[192]);

        assertSameRun(object("repeat.o"), "tc_bump",
                List.of("--data-in", in.toString(), "--ctx-in", ctx.toString(), "--ctx-out", dir.resolve("ours-ctx.bin").toString()),
                List.of("data_in", in.toString(), "ctx_in", ctx.toString(), "ctx_out", dir.resolve("kernel-ctx.bin").toString()), 3);

        // mark and cb[0] at 3 after three runs
        assertThat(dir.resolve("ours-ctx.bin")).hasSameBinaryContentAs(dir.resolve("kernel-ctx.bin"));
        assertThat(Files.readAllBytes(dir.resolve("ours-ctx.bin"))[8]).isEqualTo((byte) 3);
    }

    @Test
    void repeatedRunsShareOneCgroupStorageAsInTheKernel() throws Exception {
        // cgroup_storage.o's count adds 1 and 3 to its storages and returns 1 only when they started from zero
        Path in = Files.write(dir.resolve("in.bin"), frame(60));
        Path mapsOut = dir.resolve("maps.json");

        assertSameRun(object("cgroup_storage.o"), "count", List.of("--data-in", in.toString(), "--maps-out", mapsOut.toString()),
                List.of("data_in", in.toString()), 3);

        // test_run allocates the storage once for the three runs: they count 3 and 9, and the last returns 0
        JsonNode out = new ObjectMapper().readTree(mapsOut.toFile()).at("/out/entries");
        JsonNode kernel = new ObjectMapper().readTree(bpftool("-j", "map", "dump", "pinned", mapPin("out").toString()));
        assertThat(out.get(0).get("value").asText()).isEqualTo(hex(kernel.get(0).get("value"))).isEqualTo("0300000000000000");
        assertThat(out.get(1).get("value").asText()).isEqualTo(hex(kernel.get(1).get("value"))).isEqualTo("0900000000000000");
    }

    /** The value of key 0 of a pinned map, as hex. */
    private String kernelValueHex(String map) throws Exception {
        JsonNode kernel = new ObjectMapper().readTree(bpftool("-j", "map", "dump", "pinned", mapPin(map).toString()));
        return hex(kernel.get(0).get("value"));
    }

    /** bpftool's JSON bytes ({@code ["0x03", "0x00", ...]}) as hex. */
    private static String hex(JsonNode bytes) {
        StringBuilder hex = new StringBuilder();
        bytes.forEach(b -> hex.append(b.asText().substring(2)));
        return hex.toString();
    }

    /** Runs a program through both, compares return lines and data_out, and returns our outcome. */
    private Outcome assertSameRun(String object, String program, List<String> ourArgs, List<String> kernelArgs, int repeat) throws Exception {
        Path ourOut = dir.resolve("ours-out.bin");
        Path kernelOut = dir.resolve("kernel-out.bin");
        Files.deleteIfExists(kernelOut);
        List<String> args = new ArrayList<>(List.of("run", object, "--program", program, "--data-out", ourOut.toString(), "--repeat", "" + repeat));
        args.addAll(ourArgs);
        Outcome ours = Cli.run(args.toArray(String[]::new));
        load(object);
        List<String> bpftoolArgs = new ArrayList<>(List.of("prog", "run", "pinned", pins.resolve(program).toString(),
                "data_out", kernelOut.toString(), "repeat", "" + repeat));
        bpftoolArgs.addAll(kernelArgs);
        String kernel = bpftool(bpftoolArgs.toArray(String[]::new));

        assertThat(ours.status()).as(ours.err()).isZero();
        assertThat(returnLine(ours.out())).as("return line of " + program).isEqualTo(returnLine(kernel));
        assertThat(ourOut).as("data_out of " + program).hasBinaryContent(Files.readAllBytes(kernelOut));
        return ours;
    }

    private void load(String object) throws Exception {
        unpin();
        bpftool("prog", "loadall", object, pins.toString(), "pinmaps", mapPins.toString());
        assertThat(pins).as("bpftool loaded " + object).isDirectory();
    }

    /** A pinned map by its kernel name; bpftool pins global data under the name with dots as underscores. */
    private Path mapPin(String kernelName) {
        Path asIs = mapPins.resolve(kernelName);
        return Files.exists(asIs) ? asIs : mapPins.resolve(kernelName.replace('.', '_'));
    }

    /** The return line without the duration, which differs from run to run. */
    private static String returnLine(String output) {
        Matcher m = RETURN_LINE.matcher(output);
        assertThat(m.find()).as("a return line in: " + output).isTrue();
        return "Return value: " + m.group(1) + (m.group(2) == null ? "" : " (average)");
    }

    private static String bpftool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bpftoolPath().orElseThrow().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " said: " + text).isZero();
        return text;
    }

    private static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return Optional.of("not Linux");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("not root (BPF_PROG_TEST_RUN needs CAP_BPF and CAP_SYS_ADMIN)");
        }
        if (bpftoolPath().isEmpty()) {
            return Optional.of("bpftool not found (apt-get install bpftool)");
        }
        try {
            boolean mounted = Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .map(line -> line.split(" "))
                    .anyMatch(f -> f.length > 2 && f[1].equals(BPFFS.toString()) && f[2].equals("bpf"));
            return mounted ? Optional.empty() : Optional.of("no BPF filesystem at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/mounts: " + e.getMessage());
        }
    }

    private static Optional<Path> bpftoolPath() {
        return Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")
                .map(d -> Path.of(d, "bpftool")).filter(Files::isExecutable).findFirst();
    }
}
