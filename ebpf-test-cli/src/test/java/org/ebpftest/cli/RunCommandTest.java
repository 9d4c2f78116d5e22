package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ebpftest.cli.Cli.frame;
import static org.ebpftest.cli.Cli.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.cli.Cli.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}: what it prints and writes for the committed test objects. */
class RunCommandTest {
    /** The property as the JVM started; --jit must leave it so. */
    private static final String JIT_PROPERTY_BEFORE = System.getProperty("ebpftest.jit");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETURN_LINE = "Return value: %d, duration: \\d+ns\n";

    @TempDir
    Path dir;

    private String file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content).toString();
    }

    private String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    private JsonNode json(String name) throws IOException {
        return JSON.readTree(dir.resolve(name).toFile());
    }

    @Test
    void xdpProgramPassesAShortFrameAndCopiesItToDataOut() throws IOException {
        String in = file("in.bin", frame(60));

        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", in, "--data-out", dir.resolve("out.bin").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches(String.format(RETURN_LINE, 2));
        assertThat(o.err()).isEmpty();
        assertThat(dir.resolve("out.bin")).hasBinaryContent(frame(60));
    }

    @Test
    void xdpProgramDropsALongFrame() throws IOException {
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", file("in.bin", frame(120)));

        assertThat(o.out()).matches(String.format(RETURN_LINE, 1));
    }

    @Test
    void tcProgramReturnsItsVerdictAndWritesTheMarkItSetToCtxOut() throws IOException {
        String in = file("in.bin", frame(60));
        String ctxIn = file("ctx.bin", new byte[192]);

        Outcome o = Cli.run("run", object("programs.o"), "--program", "tc_mark", "--data-in", in, "--data-out", dir.resolve("out.bin").toString(),
                "--ctx-in", ctxIn, "--ctx-out", dir.resolve("ctx-out.bin").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches(String.format(RETURN_LINE, 0));
        assertThat(dir.resolve("out.bin")).hasBinaryContent(frame(60));
        ByteBuffer ctxOut = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("ctx-out.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ctxOut.getInt(0)).as("__sk_buff.len, which test_run does not copy back").isZero();
        assertThat(ctxOut.getInt(8)).as("__sk_buff.mark = len + 1").isEqualTo(61);
    }

    @Test
    void xdpContextOutIsTheXdpMdAfterTheRun() throws IOException {
        String in = file("in.bin", frame(60));
        // xdp_md: data = 0, data_end = 60, data_meta = 0, ingress_ifindex = 1, rx_queue_index = 0
        byte[] ctx = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(60).putInt(0).putInt(1).putInt(0).array();

        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", in, "--ctx-in", file("ctx.bin", ctx),
                "--ctx-out", dir.resolve("ctx-out.bin").toString());

        assertThat(o.status()).as(o.err()).isZero();
        ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("ctx-out.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.getInt(4)).as("data_end").isEqualTo(60);
        assertThat(out.getInt(12)).as("ingress_ifindex").isEqualTo(1);
    }

    @Test
    void ctxOutWithoutCtxInWritesNothingAndSaysSo() throws IOException {
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", file("in.bin", frame(60)),
                "--ctx-out", dir.resolve("ctx-out.bin").toString());

        assertThat(o.status()).isZero();
        assertThat(dir.resolve("ctx-out.bin")).doesNotExist();
        assertThat(o.err()).startsWith("run: no context to write to ");
    }

    @Test
    void returnValueIsPrintedAsTheUnsigned32BitRetval() throws IOException {
        // map_sum returns the sum of its array: 0xfffffffe is -2 as an int and must print unsigned.
        String maps = file("maps.json", "{\"values\": {\"type\": \"array\", \"entries\": [{\"key\": \"00000000\", \"value\": \"feffffff00000000\"}]}}");

        Outcome o = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--data-in", file("in.bin", frame(60)), "--maps-in", maps);

        assertThat(o.out()).matches(String.format(RETURN_LINE, 0xfffffffeL));
    }

    @Test
    void programMayBeLeftOutWhenTheObjectHasOnlyOne() throws IOException {
        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)));

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches(String.format(RETURN_LINE, 2));
    }

    @Test
    void dataInMayComeFromStandardInput() {
        Outcome o = Cli.runWithStdin(frame(120), "run", object("programs.o"), "--program", "xdp_len", "--data-in", "-");

        assertThat(o.out()).matches(String.format(RETURN_LINE, 1));
    }

    @Test
    void genericProgramRunsOnTheRawContextFromCtxIn() throws IOException {
        byte[] args = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(4).array();

        Outcome o = Cli.run("run", object("raw_args.o"), "--ctx-in", file("ctx.bin", args), "--ctx-out", dir.resolve("ctx-out.bin").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches(String.format(RETURN_LINE, 7));
        assertThat(dir.resolve("ctx-out.bin")).hasBinaryContent(args);
    }

    @Test
    void repeatRunsTheProgramNTimesWithMapsKeepingTheirState() throws IOException {
        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--repeat", "5",
                "--maps-out", dir.resolve("maps.json").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches("Return value: 2, duration \\(average\\): \\d+ns\n");
        // struct stats totals { pkts = 5; bytes = 5 * 60 }; drops = 0
        assertThat(json("maps.json").at("/.bss/entries/0/value").asText()).isEqualTo("0500000000000000" + "2c01000000000000" + "00000000");
    }

    @Test
    void eachRepeatedRunStartsFromThePacketTheRunBeforeLeft() throws IOException {
        // repeat.o's xdp_bump adds 1 to byte 14 of the frame and returns it; test_run does not reset the packet between runs
        for (String jit : List.of("off", "on")) {
            Outcome o = Cli.run("run", object("repeat.o"), "--program", "xdp_bump", "--data-in", file("in.bin", frame(60)), "--repeat", "5",
                    "--jit", jit, "--data-out", dir.resolve("out.bin").toString(), "--maps-out", dir.resolve("maps.json").toString());

            assertThat(o.status()).as(o.err()).isZero();
            assertThat(o.out()).as("--jit " + jit).matches("Return value: 19, duration \\(average\\): \\d+ns\n");
            byte[] expected = frame(60);
            expected[14] = 19;
            assertThat(dir.resolve("out.bin")).hasBinaryContent(expected);
            assertThat(json("maps.json").at("/runs/entries/0/value").asText()).isEqualTo("0500000000000000");
        }
    }

    @Test
    void jitOnAndOffGiveTheSameReturnValueAndMaps() throws IOException {
        String in = file("in.bin", frame(60));
        Outcome on = Cli.run("run", object("globals.o"), "--data-in", in, "--repeat", "3", "--jit", "on", "--maps-out", dir.resolve("on.json").toString());
        Outcome off = Cli.run("run", object("globals.o"), "--data-in", in, "--repeat", "3", "--jit", "off", "--maps-out", dir.resolve("off.json").toString());

        assertThat(on.status()).as(on.err()).isZero();
        assertThat(off.status()).as(off.err()).isZero();
        assertThat(on.out()).matches("Return value: 2, duration \\(average\\): \\d+ns\n");
        assertThat(json("on.json")).isEqualTo(json("off.json"));
        assertThat(json("on.json").at("/.bss/entries/0/value").asText()).startsWith("0300000000000000");
        assertThat(System.getProperty("ebpftest.jit")).as("the property after the run").isEqualTo(JIT_PROPERTY_BEFORE);
    }

    @Test
    void jitTakesOnlyOffOnOrAuto() throws IOException {
        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--jit", "fast");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("run: --jit is off, on or auto, was \"fast\"");
    }

    @Test
    void repeatZeroRunsOnceAsTheKernelDoes() throws IOException {
        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--repeat", "0",
                "--maps-out", dir.resolve("maps.json").toString());

        assertThat(o.out()).matches(String.format(RETURN_LINE, 2));
        assertThat(json("maps.json").at("/.bss/entries/0/value").asText()).startsWith("0100000000000000");
    }

    @Test
    void mapsOutHoldsEveryGlobalDataSectionUnderItsSectionName() throws IOException {
        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--maps-out", dir.resolve("maps.json").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(json("maps.json")).isEqualTo(JSON.readTree("""
                {
                  ".data": {"type": "array", "entries": [{"key": "00000000", "value": "01000000000000008877665544332211"}]},
                  ".rodata": {"type": "array", "entries": [{"key": "00000000",
                      "value": "64000000656467650000000064726f70202575206f6e20257300"}]},
                  ".data.extra": {"type": "array", "entries": [{"key": "00000000", "value": "0700000009000000"}]},
                  ".rodata.cfg": {"type": "array", "entries": [{"key": "00000000", "value": "16005000bb01"}]},
                  ".bss": {"type": "array", "entries": [{"key": "00000000", "value": "01000000000000003c0000000000000000000000"}]},
                  ".rodata.str1.1": {"type": "array", "entries": [{"key": "00000000", "value": "6c69746572616c2025750a00"}]}
                }"""));
    }

    @Test
    void mapsOutListsEveryArrayElementAndPerCpuValuesButNoKeylessMaps() throws IOException {
        Outcome o = Cli.run("run", object("maps.o"), "--program", "count", "--data-in", file("in.bin", frame(60)),
                "--maps-out", dir.resolve("maps.json").toString());

        assertThat(o.status()).as(o.err()).isZero();
        JsonNode maps = json("maps.json");
        List<String> names = new ArrayList<>();
        maps.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("inner_a", "inner_b", "outer", "jumps", "flows", "sizes", "pinned_lru", ".rodata");
        // The first run finds no flow and inserts a zeroed one for {sport = 1}.
        assertThat(maps.get("flows")).isEqualTo(JSON.readTree(
                "{\"type\": \"hash\", \"entries\": [{\"key\": \"000000000000000001000000\", \"value\": \"00000000000000000000000000000000\"}]}"));
        JsonNode sizes = maps.get("sizes");
        assertThat(sizes.get("type").asText()).isEqualTo("percpu_array");
        assertThat(sizes.get("entries")).hasSize(4);
        for (JsonNode e : sizes.get("entries")) {
            assertThat(e.has("value")).isFalse();
            assertThat(e.get("values")).isNotEmpty().allSatisfy(v -> assertThat(v.asText()).isEqualTo("0000000000000000"));
        }
    }

    @Test
    void mapsInFillsMapsBeforeTheRun() throws IOException {
        String in = file("in.bin", frame(60));
        String maps = file("maps.json", """
                {"values": {"type": "array", "entries": [
                  {"key": "01000000", "value": "0500000000000000"},
                  {"key": "07000000", "value": "2500000000000000"}]}}""");

        Outcome without = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--data-in", in);
        Outcome with = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--data-in", in, "--maps-in", maps);

        assertThat(without.out()).matches(String.format(RETURN_LINE, 0));
        assertThat(with.status()).as(with.err()).isZero();
        assertThat(with.out()).matches(String.format(RETURN_LINE, 42));
    }

    @Test
    void mapsOutOfOneRunIsMapsInOfTheNext() throws IOException {
        String in = file("in.bin", frame(60));
        String first = dir.resolve("first.json").toString();
        String second = dir.resolve("second.json").toString();

        Cli.run("run", object("globals.o"), "--data-in", in, "--maps-out", first);
        Outcome o = Cli.run("run", object("globals.o"), "--data-in", in, "--maps-in", first, "--maps-out", second);

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(json("second.json").at("/.bss/entries/0/value").asText()).isEqualTo("0200000000000000" + "7800000000000000" + "00000000");
    }

    @Test
    void readOnlyDataFromMapsInChangesWhatTheProgramSees() throws IOException {
        // threshold = 10 (instead of 100), label and format string as compiled: a 60-byte frame is dropped.
        String maps = file("maps.json", "{\".rodata\": {\"type\": \"array\", \"entries\": [{\"key\": \"00000000\", "
                + "\"value\": \"0a000000656467650000000064726f70202575206f6e20257300\"}]}}");

        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--maps-in", maps, "--trace");

        assertThat(o.out()).matches(String.format(RETURN_LINE, 1));
        assertThat(o.err()).contains("bpf_trace_printk: drop 60 on edge");
    }

    @Test
    void traceLinesGoToStandardErrorOnlyWithTrace() throws IOException {
        String in = file("in.bin", frame(200));

        Outcome quiet = Cli.run("run", object("globals.o"), "--data-in", in);
        Outcome traced = Cli.run("run", object("globals.o"), "--data-in", in, "--trace", "--repeat", "2");

        assertThat(quiet.err()).isEmpty();
        assertThat(traced.status()).isZero();
        assertThat(traced.err().lines().toList()).hasSize(2)
                .allSatisfy(line -> assertThat(line).matches(" +\\S+-\\d+ +\\[\\d{3}\\] \\.{5} +\\d+\\.\\d{6}: bpf_trace_printk: drop 200 on edge"));
        assertThat(traced.out()).matches("Return value: 1, duration \\(average\\): \\d+ns\n");
    }

    @Test
    void unknownProgramIsAnErrorListingTheObjectsPrograms() {
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_nope");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).isEqualTo("run: programs.o has no program \"xdp_nope\"; its programs are xdp_len, xdp_twice, tc_mark, socket_all\n");
    }

    @Test
    void missingObjectFileIsAnError() {
        String missing = dir.resolve("missing.o").toString();

        Outcome o = Cli.run("run", missing, "--program", "x");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("run: cannot read " + missing + ": no such file\n");
    }

    @Test
    void missingDataFileIsAnError() {
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", dir.resolve("nothing.bin").toString());

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: cannot read ").endsWith("nothing.bin: no such file\n");
    }

    @Test
    void malformedObjectIsAOneLineErrorWithoutAStackTrace() throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(object("programs.o")));
        String truncated = file("programs.o", Arrays.copyOf(whole, 200));

        Outcome o = Cli.run("run", truncated, "--program", "xdp_len");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: programs.o: ").hasLineCount(1).doesNotContain("Exception");
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        String truncated = file("programs.o", Arrays.copyOf(Files.readAllBytes(Path.of(object("programs.o"))), 200));

        Outcome o = Cli.run("run", truncated, "--program", "xdp_len", "--debug");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: programs.o: ").contains("MalformedObjectException").contains("\tat ");
    }

    @Test
    void trapIsAnErrorNamingThePcAndTheSourceLine() throws IOException {
        // Only 8 bytes of context: the program's load of args[1] falls outside it.
        Outcome o = Cli.run("run", object("raw_args.o"), "--ctx-in", file("ctx.bin", new byte[8]));

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).hasLineCount(1)
                .startsWith("run: out-of-bounds load of 8 bytes at ")
                .contains("(context + 8, context is 8 bytes) at pc 1 (r0 = *(u64 *)(r1 + 0x8)) in sum_args [raw_args.c:13  __u64 second = args[1];]");
    }

    @Test
    void runTheKernelWouldRefuseIsAnErrorWithItsErrno() throws IOException {
        // test_run refuses an XDP frame shorter than an Ethernet header.
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", file("in.bin", frame(10)));

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: BPF_PROG_TEST_RUN would fail with -EINVAL: ").hasLineCount(1);
    }

    @Test
    void xdpProgramRunsOnAMultiBufferFrameAndWritesItWholeToDataOut() throws IOException {
        // xdp_len declares no frags; test_run gives it the frame anyway, 3520 bytes linear and the rest in fragments
        String in = file("in.bin", frame(9000));

        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", in, "--data-out", dir.resolve("out.bin").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).as("XDP_DROP: the linear part alone is over 100 bytes").matches(String.format(RETURN_LINE, 1));
        assertThat(dir.resolve("out.bin")).hasBinaryContent(frame(9000));
    }

    @Test
    void xdpFragsProgramSeesTheWholeFrameThroughGetBuffLen() throws IOException {
        // xdp_frags.c: byte 14 = 5 asks for bpf_xdp_get_buff_len
        byte[] frame = new byte[9000];
        frame[14] = 5;

        Outcome o = Cli.run("run", object("xdp_frags.o"), "--program", "frags", "--data-in", file("in.bin", frame));

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches(String.format(RETURN_LINE, 9000));
    }

    @Test
    void frameNeedingMoreThanSeventeenFragmentsIsRefusedWithEnomemAsAnOrdinaryError() throws IOException {
        // 3520 linear bytes + 17 fragments of 4096 = 73152, the most test_run takes
        Outcome o = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--data-in", file("in.bin", frame(73153)));

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith("run: BPF_PROG_TEST_RUN would fail with -ENOMEM: data_in of 73153 bytes needs 18 fragments")
                .doesNotContain("internal error").hasLineCount(1);
    }

    @Test
    void mapsInNamingAnUnknownMapIsAnErrorListingTheMaps() throws IOException {
        String maps = file("maps.json", "{\"counts\": {\"type\": \"array\", \"entries\": []}}");

        Outcome o = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--maps-in", maps);

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("run: " + maps + ": callbacks.o has no map \"counts\"; its maps are values\n");
    }

    @Test
    void mapsInWithAValueOfTheWrongSizeIsAnError() throws IOException {
        String maps = file("maps.json", "{\"values\": {\"type\": \"array\", \"entries\": [{\"key\": \"00000000\", \"value\": \"01\"}]}}");

        Outcome o = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--maps-in", maps);

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: " + maps + ": ").hasLineCount(1);
    }

    @Test
    void mapsInWithPerCpuValuesForAPlainArrayIsAnOrdinaryErrorNotAnInternalOne() throws IOException {
        // given one value per CPU (the emulator has 4) for "values", a plain array
        String v = "\"0100000000000000\"";
        String maps = file("maps.json", "{\"values\": {\"type\": \"array\", \"entries\": [{\"key\": \"00000000\", \"values\": ["
                + String.join(", ", v, v, v, v) + "]}]}}");

        // when the program runs with it
        Outcome o = Cli.run("run", object("callbacks.o"), "--program", "map_sum", "--maps-in", maps);

        // then one line names the file, map, entry and element, with the exit status of other input errors
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("run: " + maps + ": contents of map \"values\", entry 0 \"values\": map \"values\" of type array"
                + " is not per-CPU; give one \"value\"\n");
    }

    @Test
    void mapsInWithAReadOnlyValueOfTheWrongSizeIsAnErrorNamingTheMap() throws IOException {
        String maps = file("maps.json", "{\".rodata.cfg\": {\"type\": \"array\", \"entries\": [{\"key\": \"00000000\", \"value\": \"01\"}]}}");

        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--maps-in", maps);

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: " + maps + ": ").contains(".rodata.cfg").hasLineCount(1);
    }

    @Test
    void readOnlyDataIsFrozenOnceLoadedSoMapsOutShowsWhatMapsInSet() throws IOException {
        String maps = file("maps.json", "{\".rodata.cfg\": {\"type\": \"array\", \"entries\": [{\"key\": \"00000000\", \"value\": \"170050000000\"}]}}");

        Outcome o = Cli.run("run", object("globals.o"), "--data-in", file("in.bin", frame(60)), "--maps-in", maps,
                "--maps-out", dir.resolve("out.json").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(json("out.json").at("/.rodata.cfg/entries/0/value").asText()).isEqualTo("170050000000");
    }

    @Test
    void severalProgramsWithoutProgramIsAUsageError() {
        Outcome o = Cli.run("run", object("programs.o"));

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("run: programs.o has 4 programs; choose one with --program: xdp_len, xdp_twice, tc_mark, socket_all\n")
                .contains("usage: java -jar ebpf-test.jar run OBJECT.o");
    }

    @Test
    void genericProgramWithoutCtxInIsAUsageError() {
        Outcome o = Cli.run("run", object("raw_args.o"));

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("run: program sum_args (section \"raw_tp/sys_enter\", type raw_tracepoint, typed by libbpf SEC(\"raw_tp+\")) "
                + "has no emulated packet context");
    }

    @Test
    void syscallProgramRunsWithoutCtxInAndWritesItsContextBack() throws IOException {
        // given syscall_bits.o's echo: out = in * 3 + 1, returns in + 7
        Outcome bare = Cli.run("run", object("syscall_bits.o"), "--program", "no_context");
        Outcome echo = Cli.run("run", object("syscall_bits.o"), "--program", "echo", "--ctx-in", file("ctx.bin", new byte[] {5, 0, 0, 0, 0, 0, 0, 0}),
                "--ctx-out", dir.resolve("ctx-out.bin").toString());

        assertThat(bare.out()).as(bare.err()).matches(String.format(RETURN_LINE, 42));
        assertThat(echo.out()).as(echo.err()).matches(String.format(RETURN_LINE, 12));
        assertThat(Files.readAllBytes(dir.resolve("ctx-out.bin"))).containsExactly(5, 0, 0, 0, 16, 0, 0, 0);
    }

    @Test
    void lwtProgramRunsOnTheSocketBufferFromTheNetworkHeader() throws IOException {
        byte[] frame = new byte[54];
        frame[12] = 0x08;
        byte[] ip = {0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        System.arraycopy(ip, 0, frame, 14, ip.length);

        Outcome o = Cli.run("run", object("lwt.o"), "--program", "lwt_in_ttl", "--data-in", file("lwt.bin", frame));

        // TTL 64, len 40 and protocol 0x0008, as Linux 6.18 answered
        assertThat(o.out()).as(o.err()).matches(String.format(RETURN_LINE, 534592));
    }

    @Test
    void netfilterProgramRunsAtTheHookOfCtxInAndRefusesAFrameOfTheOtherFamily() throws IOException {
        // given an IPv4 UDP packet to port 80, which netfilter.c's nf_filter accepts except when forwarded
        byte[] ip = {0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0, 80, 0, 8, 0, 0};
        byte[] frame = new byte[14 + ip.length];
        frame[12] = 0x08;
        System.arraycopy(ip, 0, frame, 14, ip.length);
        byte[] forward = new byte[48];
        forward[0] = 2;
        forward[1] = 2;
        byte[] ipv6 = forward.clone();
        ipv6[1] = 10;

        Outcome localOut = Cli.run("run", object("netfilter.o"), "--program", "nf_filter", "--data-in", file("ip.bin", ip));
        Outcome forwarded = Cli.run("run", object("netfilter.o"), "--program", "nf_filter", "--data-in", file("frame.bin", frame),
                "--ctx-in", file("forward.bin", forward));
        Outcome wrongFamily = Cli.run("run", object("netfilter.o"), "--program", "nf_filter", "--data-in", file("frame.bin", frame),
                "--ctx-in", file("ipv6.bin", ipv6));

        assertThat(localOut.out()).as(localOut.err()).matches(String.format(RETURN_LINE, 1));
        assertThat(forwarded.out()).as(forwarded.err()).matches(String.format(RETURN_LINE, 0));
        assertThat(wrongFamily.status()).isEqualTo(1);
        assertThat(wrongFamily.err()).contains("-EINVAL: an IPv4 frame at pf 10");
    }

    @Test
    void fentryProgramIsAnsweredAsTestRunAnswersItUnattached() {
        Outcome o = Cli.run("run", object("tracing_runs.o"), "--program", "modify");

        assertThat(o.out()).as(o.err()).matches(String.format(RETURN_LINE, 131105));
    }

    @Test
    void missingObjectArgumentAndUnknownOptionsAreUsageErrors() {
        assertThat(Cli.run("run").status()).isEqualTo(2);
        assertThat(Cli.run("run").err()).startsWith("run: missing OBJECT.o\nusage:");
        assertThat(Cli.run("run", object("globals.o"), "--frobnicate").err()).startsWith("run: unknown option --frobnicate\n");
        assertThat(Cli.run("run", object("globals.o"), "--repeat", "many").err()).startsWith("run: --repeat needs a number, was \"many\"\n");
        assertThat(Cli.run("run", object("globals.o"), "--data-in").err()).startsWith("run: option --data-in needs a value\n");
    }

    @Test
    void helpPrintsTheUsageOnStandardOutput() {
        Outcome o = Cli.run("run", "--help");

        assertThat(o.status()).isZero();
        assertThat(o.out()).startsWith("usage: java -jar ebpf-test.jar run OBJECT.o").contains("--maps-out FILE");
    }

    // mimic/edb context files

    private static String context(String name) {
        return Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "contexts", name).toString();
    }

    @Test
    void anXdpMdContextRunsThroughTheXdpPath() {
        Outcome shortFrame = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--context", context("xdp_md.json"), "--context-name", "tcp frame");
        Outcome longFrame = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--context", context("xdp_md.json"), "--context-name", "long frame");

        assertThat(shortFrame.out()).as(shortFrame.err()).matches(String.format(RETURN_LINE, 2));
        assertThat(longFrame.out()).as(longFrame.err()).matches(String.format(RETURN_LINE, 1));
    }

    @Test
    void aCapturedContextReplaysAndAnUnrecordedCallFailsUnlessEmulated() {
        String[] args = {"run", object("replay.o"), "--program", "kprobe_sleep", "--context", context("captured_misc.json"),
            "--context-name", "one clock read"};

        Outcome failing = Cli.run(args);
        Outcome emulated = Cli.run(concat(args, "--replay", "emulate"));

        assertThat(failing.status()).isEqualTo(1);
        assertThat(failing.err()).startsWith("run: call #2 to bpf_ktime_get_ns (5) was not recorded: captured context [one clock read]");
        assertThat(emulated.status()).as(emulated.err()).isZero();
        assertThat(emulated.out()).matches(String.format(RETURN_LINE, 1));
    }

    @Test
    void contextMistakesAreUsageErrors() throws IOException {
        Outcome several = Cli.run("run", object("replay.o"), "--program", "kprobe_sleep", "--context", context("captured_misc.json"));
        Outcome unknown = Cli.run("run", object("replay.o"), "--program", "kprobe_sleep", "--context", context("captured_misc.json"),
                "--context-name", "two clock reads");
        Outcome both = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--context", context("xdp_md.json"),
                "--context-name", "tcp frame", "--data-in", file("in.bin", frame(60)));
        Outcome badMode = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--context", context("xdp_md.json"),
                "--context-name", "tcp frame", "--replay", "never");
        Outcome alone = Cli.run("run", object("programs.o"), "--program", "xdp_len", "--replay", "emulate");

        assertThat(List.of(several, unknown, both, badMode, alone)).extracting(Outcome::status).containsOnly(2);
        assertThat(several.err()).startsWith("run: " + context("captured_misc.json")
                + " has 3 contexts [one clock read, current task, odd random]; choose one with --context-name");
        assertThat(unknown.err()).startsWith("run: --context-name two clock reads: " + context("captured_misc.json")
                + " has contexts [one clock read, current task, odd random]");
        assertThat(both.err()).startsWith("run: --context gives the whole input; leave out --data-in and --ctx-in");
        assertThat(badMode.err()).startsWith("run: --replay is fail or emulate, was \"never\"");
        assertThat(alone.err()).startsWith("run: --context-name and --replay go with --context");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void typeOptionRunsAProgramNoSectionRuleTypesOnAnSkBuff() throws IOException {
        // given "mysection", which no loader's convention types
        String in = file("frame.bin", frame(64));

        // then it runs only with a type, and the error says no rule typed it
        Outcome untyped = Cli.run("run", object("section_prefixes.o"), "--program", "untyped", "--data-in", in);
        assertThat(untyped.status()).isEqualTo(2);
        assertThat(untyped.err()).contains("(section \"mysection\", type unspec, typed by none) has no emulated packet context");

        Outcome typed = Cli.run("run", object("section_prefixes.o"), "--program", "untyped", "--type", "tc", "--data-in", in);
        assertThat(typed.status()).as(typed.err()).isZero();
        assertThat(typed.out()).startsWith("Return value: 3,");
    }
}
