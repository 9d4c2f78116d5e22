package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable jar at {@code target/ebpf-test.jar}, run as a separate process after packaging. */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "ebpf-test.jar");

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome java(String stdin, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the build must produce the executable jar").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jar finished in time").isTrue();
        return new Outcome(p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void conformancePluginPrintsR0ForMemoryAndProgram() throws Exception {
        // r0 = *(u8 *)(r1 + 1); exit  on memory 01 02
        Outcome o = java("71 10 01 00 00 00 00 00 95 00 00 00 00 00 00 00", "conformance-plugin", "01 02");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out().strip()).isEqualTo("2");
    }

    @Test
    void debugAnswersAnIdeOverStandardInputAndOutput(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), Cli.frame(60));
        String requests = dap(1, "initialize", "{\"adapterID\":\"ebpf-test\"}") + dap(2, "launch", "{\"stopOnEntry\":true}")
                + dap(3, "disconnect", "{}");

        Outcome o = java(requests, "debug", Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "debug", "debuggee.o").toString(),
                "--data-in", in.toString(), "--dap");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("Content-Length: ").contains("\"command\":\"initialize\"").contains("\"event\":\"initialized\"")
                .contains("\"command\":\"disconnect\"").doesNotContain("\"success\":false");
    }

    private static String dap(int seq, String command, String arguments) {
        String body = "{\"seq\":" + seq + ",\"type\":\"request\",\"command\":\"" + command + "\",\"arguments\":" + arguments + "}";
        return "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void conformancePluginExitsNonZeroOnATrap() throws Exception {
        Outcome o = java("61 10 00 00 00 00 00 00 95 00 00 00 00 00 00 00", "conformance-plugin", "");

        assertThat(o.status()).isNotZero();
        assertThat(o.err()).contains("null pointer load");
    }

    @Test
    void disasmPrintsObjdumpSyntax() throws Exception {
        Outcome o = java("b7 00 00 00 2a 00 00 00 95 00 00 00 00 00 00 00", "disasm", "--hex");

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo("       0:\tb7 00 00 00 2a 00 00 00\tr0 = 0x2a\n       1:\t95 00 00 00 00 00 00 00\texit\n");
    }

    @Test
    void runPrintsBpftoolsReturnLineAndWritesDataOut(@TempDir Path dir) throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), Cli.frame(120));
        Path out = dir.resolve("out.bin");

        Outcome o = java("", "run", Cli.object("programs.o"), "--program", "xdp_len", "--data-in", in.toString(), "--data-out", out.toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).matches("Return value: 1, duration: \\d+ns\\R");
        assertThat(out).hasBinaryContent(Cli.frame(120));
    }

    @Test
    void runReportsATrapOnOneLineAndExitsWithStatus1(@TempDir Path dir) throws Exception {
        Path ctx = Files.write(dir.resolve("ctx.bin"), new byte[8]);

        Outcome o = java("", "run", Cli.object("raw_args.o"), "--ctx-in", ctx.toString());

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).startsWith("run: out-of-bounds load").contains("at pc 1").hasLineCount(1);
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        Outcome o = java("", "frobnicate");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("unknown command 'frobnicate'").contains("usage:");
    }

    @Test
    void jarIsWhereTheReadmeSaysItIs() {
        assertThat(Files.isRegularFile(JAR)).isTrue();
    }
}
