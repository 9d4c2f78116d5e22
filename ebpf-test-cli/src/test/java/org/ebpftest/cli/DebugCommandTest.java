package org.ebpftest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code debug} command's Debug Adapter Protocol server, driven by a scripted client the way
 * VS Code drives it, on debuggee.c (the runtime's debugger test program: it classifies a frame in
 * a bpf-to-bpf call, counts it in the map {@code hits} and drops frames longer than 100 bytes).
 */
class DebugCommandTest {
    private static final Path DEBUG = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "debug");
    private static final Path OBJECT = DEBUG.resolve("debuggee.o");
    private static final Path SOURCE = DEBUG.resolve("debuggee.c").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void stepsThroughTheCSourceOverStandardInputAndOutput() throws Exception {
        Path frame = dir.resolve("frame.bin");
        Files.write(frame, new byte[120]);
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PrintStream serverOut = new PrintStream(new PipedOutputStream(fromServer), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"debug", OBJECT.toString(), "--program", "debuggee", "--data-in", frame.toString(), "--dap"},
                serverIn, serverOut, new PrintStream(err, true, StandardCharsets.UTF_8)));

        try (DapClient ide = new DapClient(fromServer, toServer)) {
            // Given a launched program with a breakpoint on the line that calls classify
            JsonNode init = ide.request("initialize", DapClient.args().put("adapterID", "ebpf-test").put("linesStartAt1", true));
            assertThat(init.path("body").path("supportsConfigurationDoneRequest").asBoolean()).isTrue();
            assertThat(ide.request("launch", DapClient.args()).path("success").asBoolean()).isTrue();
            ide.event("initialized");
            int callLine = lineOf("__u32 key = classify(length);");
            JsonNode set = ide.request("setBreakpoints", breakpoints(SOURCE.toString(), callLine));
            assertThat(set.path("body").path("breakpoints").get(0).path("verified").asBoolean()).isTrue();
            assertThat(set.path("body").path("breakpoints").get(0).path("line").asInt()).isEqualTo(callLine);

            // When the IDE finishes configuring, the run continues to the breakpoint
            assertThat(ide.request("configurationDone", DapClient.args()).path("success").asBoolean()).isTrue();
            JsonNode stopped = ide.event("stopped");
            assertThat(stopped.path("body").path("reason").asText()).isEqualTo("breakpoint");

            // Then threads, the stack trace, scopes and variables describe the stop
            JsonNode threads = ide.request("threads", DapClient.args());
            assertThat(threads.path("body").path("threads").get(0).path("name").asText()).isEqualTo("debuggee");
            JsonNode top = topFrame(ide);
            assertThat(top.path("name").asText()).isEqualTo("debuggee");
            assertThat(top.path("line").asInt()).isEqualTo(callLine);
            assertThat(top.path("source").path("path").asText()).isEqualTo(SOURCE.toString());

            List<String> scopes = scopes(ide, top.path("id").asInt()).findValuesAsText("name");
            assertThat(scopes).containsExactly("Arguments", "Registers", "Stack", "Context", "Maps");
            JsonNode arguments = variables(ide, scope(ide, top.path("id").asInt(), "Arguments"));
            assertThat(arguments.get(0).path("name").asText()).isEqualTo("ctx");
            assertThat(arguments.get(0).path("type").asText()).isEqualTo("struct xdp_md *");
            JsonNode context = variables(ide, scope(ide, top.path("id").asInt(), "Context"));
            long data = Long.parseLong(value(context, "data"));
            long dataEnd = Long.parseLong(value(context, "data_end"));
            assertThat(dataEnd - data).isEqualTo(120);
            JsonNode registers = variables(ide, scope(ide, top.path("id").asInt(), "Registers"));
            assertThat(value(registers, "r1")).startsWith("120 ");
            JsonNode maps = variables(ide, scope(ide, top.path("id").asInt(), "Maps"));
            assertThat(value(maps, "hits")).contains("4 entries");

            // When the IDE steps over the call, the run stops at the next line with the call's result on the stack
            assertThat(ide.request("next", DapClient.args().put("threadId", 1)).path("success").asBoolean()).isTrue();
            assertThat(ide.event("stopped").path("body").path("reason").asText()).isEqualTo("step");
            JsonNode next = topFrame(ide);
            assertThat(next.path("line").asInt()).isEqualTo(lineOf("__u64 *count = "));
            JsonNode stack = variables(ide, scope(ide, next.path("id").asInt(), "Stack"));
            assertThat(value(stack, "fp-4")).startsWith("2 ");

            // And continuing runs to the end, reported with the return value (XDP_DROP)
            ide.request("continue", DapClient.args().put("threadId", 1));
            assertThat(ide.event("exited").path("body").path("exitCode").asInt()).isEqualTo(1);
            ide.event("terminated");
            assertThat(ide.request("disconnect", DapClient.args()).path("success").asBoolean()).isTrue();
            assertThat(server.get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void launchesWhatTheLaunchRequestNamesAndStepsInAndOutOfACall() throws Exception {
        Path frame = dir.resolve("frame.bin");
        Files.write(frame, new byte[120]);
        Server server = stdioServer("debug", "--dap");

        try (DapClient ide = server.ide()) {
            // Given a program named only by the launch request, stopped at its entry
            ide.request("initialize", DapClient.args().put("adapterID", "ebpf-test"));
            ObjectNode launch = DapClient.args().put("object", OBJECT.toString()).put("program", "debuggee")
                    .put("dataIn", frame.toString()).put("stopOnEntry", true);
            assertThat(ide.request("launch", launch).path("success").asBoolean()).isTrue();
            ide.event("initialized");
            int callLine = lineOf("__u32 key = classify(length);");
            ide.request("setBreakpoints", breakpoints(SOURCE.toString(), callLine));
            ide.request("configurationDone", DapClient.args());
            assertThat(ide.event("stopped").path("body").path("reason").asText()).isEqualTo("entry");
            ide.request("continue", DapClient.args().put("threadId", 1));
            ide.event("stopped");

            // When the IDE steps into classify, the stack has both functions; stepping out comes back to the call
            ide.request("stepIn", DapClient.args().put("threadId", 1));
            ide.event("stopped");
            JsonNode frames = ide.request("stackTrace", DapClient.args().put("threadId", 1)).path("body").path("stackFrames");
            assertThat(frames.get(0).path("name").asText()).isEqualTo("classify");
            assertThat(frames.get(1).path("name").asText()).isEqualTo("debuggee");
            assertThat(frames).hasSize(2);
            assertThat(frames.get(1).path("line").asInt()).isEqualTo(callLine);
            JsonNode hover = ide.request("evaluate", DapClient.args().put("expression", "length").put("frameId", frames.get(0).path("id").asInt()));
            assertThat(hover.path("body").path("result").asText()).startsWith("120 ");
            JsonNode local = ide.request("evaluate", DapClient.args().put("expression", "data_end").put("frameId", frames.get(1).path("id").asInt()));
            assertThat(local.path("success").asBoolean()).isFalse();
            assertThat(local.path("message").asText()).contains("BTF describes no local variables");
            ide.request("stepOut", DapClient.args().put("threadId", 1));
            ide.event("stopped");
            JsonNode back = topFrame(ide);
            assertThat(back.path("line").asInt()).isEqualTo(callLine);

            // Then setting classify's result in r0 to 1 makes the frame pass, after a stop at the helper call
            int registers = scope(ide, back.path("id").asInt(), "Registers");
            JsonNode set = ide.request("setVariable", DapClient.args().put("variablesReference", registers).put("name", "r0").put("value", "1"));
            assertThat(set.path("body").path("value").asText()).startsWith("1 ");
            ObjectNode helper = DapClient.args();
            helper.putArray("breakpoints").addObject().put("name", "bpf_map_lookup_elem");
            assertThat(ide.request("setFunctionBreakpoints", helper).path("body").path("breakpoints").get(0).path("verified").asBoolean()).isTrue();
            ide.request("continue", DapClient.args().put("threadId", 1));
            assertThat(ide.event("stopped").path("body").path("reason").asText()).isEqualTo("function breakpoint");
            ide.request("continue", DapClient.args().put("threadId", 1));
            assertThat(ide.event("exited").path("body").path("exitCode").asInt()).isEqualTo(2);
            ide.request("disconnect", DapClient.args());
            assertThat(server.status().get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aLaunchOfAMissingObjectFailsWithTheReason() throws Exception {
        Server server = stdioServer("debug", "--dap");

        try (DapClient ide = server.ide()) {
            ide.request("initialize", DapClient.args().put("adapterID", "ebpf-test"));
            JsonNode launch = ide.request("launch", DapClient.args().put("object", dir.resolve("missing.o").toString()));

            assertThat(launch.path("success").asBoolean()).isFalse();
            assertThat(launch.path("message").asText()).contains("missing.o").contains("no such file");
            ide.request("disconnect", DapClient.args());
            assertThat(server.status().get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    /** The command running in-process, and a client on its standard input and output. */
    private record Server(DapClient ide, CompletableFuture<Integer> status) {
    }

    private static Server stdioServer(String... args) throws IOException {
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PrintStream serverOut = new PrintStream(new PipedOutputStream(fromServer), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(args, serverIn, serverOut, System.err));
        return new Server(new DapClient(fromServer, toServer), status);
    }

    @Test
    void servesAnIdeOnATcpPortItPrints() throws Exception {
        Path frame = dir.resolve("frame.bin");
        Files.write(frame, new byte[60]);
        PipedInputStream printed = new PipedInputStream();
        PrintStream out = new PrintStream(new PipedOutputStream(printed), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"debug", OBJECT.toString(), "--data-in", frame.toString(), "--dap", "--port", "0"},
                new java.io.ByteArrayInputStream(new byte[0]), out, System.err));
        String line = new BufferedReader(new InputStreamReader(printed, StandardCharsets.UTF_8)).readLine();
        assertThat(line).startsWith("listening on port ");
        int port = Integer.parseInt(line.substring("listening on port ".length()));

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                DapClient ide = new DapClient(socket.getInputStream(), socket.getOutputStream())) {
            ide.request("initialize", DapClient.args().put("adapterID", "ebpf-test"));
            ide.request("launch", DapClient.args().put("stopOnEntry", true));
            ide.event("initialized");
            ide.request("configurationDone", DapClient.args());

            assertThat(ide.event("stopped").path("body").path("reason").asText()).isEqualTo("entry");
            assertThat(topFrame(ide).path("line").asInt()).isEqualTo(lineOf("void *data = "));
            assertThat(ide.request("disconnect", DapClient.args()).path("success").asBoolean()).isTrue();
            assertThat(server.get(20, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void withoutDapAConsoleTakesGdbLikeCommandsFromStandardInput() throws IOException {
        Path frame = dir.resolve("frame.bin");
        Files.write(frame, new byte[120]);
        int callLine = lineOf("__u32 key = classify(length);");
        String script = String.join("\n", "break debuggee.c:" + callLine, "continue", "print r1", "step", "bt", "args", "finish",
                "set r0 1", "next", "stack", "break helper bpf_map_lookup_elem", "delete", "x 0", "run", "map hits", "");

        Cli.Outcome o = Cli.runWithStdin(script.getBytes(StandardCharsets.UTF_8),
                "debug", OBJECT.toString(), "--program", "debuggee", "--data-in", frame.toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("ENTRY at pc 0 of debuggee")
                .contains("breakpoint 1 at debuggee.c:" + callLine)
                .contains("BREAKPOINT at pc ").contains("r1 = 120\n")
                .contains("#1 classify pc ").contains("int length = 120\n").contains("#0 debuggee pc ")
                .contains("r0 = 1\n").contains("fp-4 (u32) = 1\n")
                .contains("breakpoint 2 on calls to bpf_map_lookup_elem")
                .contains("error: x needs 2 arguments")
                .contains("Return value: 2\n")
                .endsWith("  {key=1, value=1}\n  {key=2, value=0}\n  {key=3, value=0}\n");
    }

    @Test
    void refusesAPortWithoutTheDapSwitch() {
        Cli.Outcome o = Cli.run("debug", OBJECT.toString(), "--data-in", OBJECT.toString(), "--port", "4711");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--port goes with --dap");
    }

    private static ObjectNode breakpoints(String path, int line) {
        ObjectNode a = DapClient.args();
        a.putObject("source").put("path", path);
        a.putArray("breakpoints").addObject().put("line", line);
        return a;
    }

    private static JsonNode topFrame(DapClient ide) {
        return ide.request("stackTrace", DapClient.args().put("threadId", 1)).path("body").path("stackFrames").get(0);
    }

    private static JsonNode scopes(DapClient ide, int frameId) {
        return ide.request("scopes", DapClient.args().put("frameId", frameId)).path("body").path("scopes");
    }

    private static int scope(DapClient ide, int frameId, String name) {
        for (JsonNode s : scopes(ide, frameId)) {
            if (s.path("name").asText().equals(name)) {
                return s.path("variablesReference").asInt();
            }
        }
        throw new AssertionError("no scope " + name);
    }

    private static JsonNode variables(DapClient ide, int reference) {
        return ide.request("variables", DapClient.args().put("variablesReference", reference)).path("body").path("variables");
    }

    private static String value(JsonNode variables, String name) {
        for (JsonNode v : variables) {
            if (v.path("name").asText().equals(name)) {
                return v.path("value").asText();
            }
        }
        throw new AssertionError("no variable " + name + " in " + variables);
    }

    private static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(SOURCE);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("debuggee.c has no line with " + text);
    }
}
