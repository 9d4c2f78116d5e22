package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The bpf_conformance plugin protocol, in-process and through the packaged jar. */
class ConformancePluginTest {

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome plugin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "conformance-plugin";
        System.arraycopy(args, 0, full, 1, args.length);
        int status = Main.run(full, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String spaced(String hex) {
        return HexFormat.ofDelimiter(" ").formatHex(HexFormat.of().parseHex(hex));
    }

    @Test
    void printsR0InHexForAProgramOnStdin() {
        // r0 = 0x2a; exit
        Outcome o = plugin("b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00", "");

        assertThat(o.status()).isZero();
        assertThat(o.out().strip()).isEqualTo("2a");
    }

    @Test
    void passesInputMemoryInR1AndItsLengthInR2() {
        // r0 = *(u8 *)(r1 + 1); r0 += r2; exit  with memory 07 05 -> 5 + 2
        Outcome o = plugin("71 10 01 00 00 00 00 00 0f 20 00 00 00 00 00 00 95 00 00 00 00 00 00 00", "07 05");

        assertThat(o.out().strip()).isEqualTo("7");
    }

    @Test
    void exitsNonZeroWithTheTrapOnStderr() {
        // r0 = *(u32 *)(r1 + 0) with no memory: a null pointer load
        Outcome o = plugin("61 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("null pointer load of 4 bytes").contains("at pc 0");
    }

    @Test
    void rejectsTextThatIsNotHex() {
        Outcome o = plugin("zz");

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).contains("not a hex digit");
    }

    static List<JsonNode> vectors() throws IOException {
        Path file = Path.of(System.getProperty("ebpftest.shared.dir", "../../shared"), "conformance", "bpf_conformance_vectors.json");
        assumeTrue(Files.isRegularFile(file), "bpf_conformance vectors not found at " + file.toAbsolutePath() + "; skipping");
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).forEach(out::add);
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyVectorPassesThroughThePluginProtocol() throws IOException {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(v.get("name").asText(), () -> {
            Outcome o = plugin(spaced(v.get("program").asText()), spaced(v.get("memory").asText()));

            String expected = v.get("result").asText();
            long want = expected.startsWith("0x") ? Long.parseUnsignedLong(expected.substring(2), 16) : Long.parseLong(expected);
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(Long.parseUnsignedLong(o.out().strip(), 16)).isEqualTo(want);
        }));
    }
}
