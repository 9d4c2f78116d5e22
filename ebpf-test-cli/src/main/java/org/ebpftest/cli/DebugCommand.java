package org.ebpftest.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.eclipse.lsp4j.debug.launch.DSPLauncher;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.Contexts;
import org.ebpftest.runtime.context.ReplayMode;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;

/**
 * {@code debug}: runs a program of an object under the debugger and serves it to an IDE over the
 * Debug Adapter Protocol, on standard input and output or on a TCP port.
 */
final class DebugCommand {
    static final String USAGE = """
            usage: java -jar ebpf-test.jar debug OBJECT.o [--program NAME] [--type TYPE] [--data-in FILE] [--ctx-in FILE]
                       [--context FILE.json [--context-name NAME]] [--source-dir DIR] [--no-verify] --dap [--port N]
              --program NAME     the program to debug; may be left out when the object has only one
              --type TYPE        loads every program as this type, as run --type does
              --data-in FILE     the packet the run starts from (as run --data-in)
              --ctx-in FILE      the context (as run --ctx-in); the only input of programs without a packet
              --context FILE     runs on a mimic/edb context file instead; --context-name picks one of several
              --source-dir DIR   where the C sources are, when line info names them relatively (default: the object's directory)
              --no-verify        loads without the verifier
              --dap              speaks the Debug Adapter Protocol (VS Code and other IDEs): on standard input and
                                 output, or with --port on TCP port N of the loopback interface (0 picks a free port);
                                 the port is printed as "listening on port N" and one IDE connection is served""";

    private static final Set<String> VALUED = Set.of("--program", "--type", "--data-in", "--ctx-in", "--context", "--context-name",
            "--source-dir", "--port");
    private static final Set<String> SWITCHES = Set.of("--dap", "--no-verify", "--debug");

    private DebugCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse(args, VALUED, SWITCHES);
        if (!a.flag("--dap")) {
            throw new UsageException("debug serves IDEs over the Debug Adapter Protocol: add --dap (see CLI.md for VS Code)");
        }
        String objectFile = a.single("OBJECT.o");
        Optional<Integer> port = a.value("--port").map(DebugCommand::port);
        ObjectSpec spec = ObjectFiles.read(objectFile, a.value("--type"));
        ProgramSpec program = ObjectFiles.program(spec, a.value("--program"));
        LoadedObject.Loader loader = LoadedObject.loader(spec);
        if (a.flag("--no-verify")) {
            loader.verify(false);
        }
        LoadedObject object = loader.load();
        Supplier<RunResult> run = runner(a, object, program);
        List<Path> sourceDirs = new ArrayList<>();
        a.value("--source-dir").map(Path::of).ifPresent(sourceDirs::add);
        Path objectDir = Path.of(objectFile).toAbsolutePath().getParent();
        if (objectDir != null) {
            sourceDirs.add(objectDir);
        }
        DebugAdapter adapter = new DebugAdapter(object, program.name(), run, sourceDirs);
        if (port.isEmpty()) {
            serve(adapter, in, out);
            return 0;
        }
        try (ServerSocket server = new ServerSocket(port.get(), 1, InetAddress.getLoopbackAddress())) {
            out.println("listening on port " + server.getLocalPort());
            out.flush();
            try (Socket socket = server.accept()) {
                serve(adapter, socket.getInputStream(), socket.getOutputStream());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("debug: port " + port.get() + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /** Serves one IDE until it disconnects or closes the stream. */
    private static void serve(DebugAdapter adapter, InputStream in, OutputStream out) {
        Launcher<IDebugProtocolClient> launcher = DSPLauncher.createServerLauncher(adapter, in, out,
                Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "ebpf-dap");
                    t.setDaemon(true);
                    return t;
                }), adapter.afterResponses());
        adapter.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        try {
            // Whichever comes first: the disconnect request, or the end of the input.
            CompletableFuture.anyOf(adapter.finished(),
                    CompletableFuture.runAsync(() -> {
                        try {
                            listening.get();
                        } catch (InterruptedException | ExecutionException e) {
                            // the stream ended
                        }
                    })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        listening.cancel(true);
    }

    /** The run the session debugs, from the same inputs as {@code run}. */
    private static Supplier<RunResult> runner(Arguments a, LoadedObject object, ProgramSpec program) {
        ContextType type = ContextType.of(program.type());
        Optional<String> contextFile = a.value("--context");
        if (contextFile.isPresent()) {
            if (a.value("--data-in").isPresent() || a.value("--ctx-in").isPresent()) {
                throw new UsageException("--context gives the whole input; leave out --data-in and --ctx-in");
            }
            BpfContext context = context(contextFile.get(), a.value("--context-name"));
            return () -> context.runOn(object, program.name(), ReplayMode.FAIL);
        }
        if (a.value("--context-name").isPresent()) {
            throw new UsageException("--context-name goes with --context");
        }
        byte[] dataIn = a.value("--data-in").map(f -> ObjectFiles.bytes(f, null)).orElse(new byte[0]);
        byte[] ctxIn = a.value("--ctx-in").map(f -> ObjectFiles.bytes(f, null)).orElse(null);
        if (type == ContextType.GENERIC && ctxIn == null) {
            throw new UsageException("program " + program.name() + " has no emulated packet context: give its raw context with --ctx-in, or --context");
        }
        if (type != ContextType.GENERIC && a.value("--data-in").isEmpty()) {
            throw new UsageException("program " + program.name() + " runs on a packet: give it with --data-in (or a context file with --context)");
        }
        RunInput input = type == ContextType.XDP ? XdpInput.fromTestRun(dataIn, ctxIn)
                : type.isSkb() ? SkbInput.fromTestRun(dataIn, ctxIn)
                : new RawInput(ctxIn);
        return () -> object.run(program.name(), input);
    }

    private static BpfContext context(String file, Optional<String> name) {
        List<BpfContext> contexts = Contexts.parse(file, ObjectFiles.bytes(file, null));
        List<String> names = contexts.stream().map(BpfContext::name).toList();
        if (name.isPresent()) {
            return contexts.stream().filter(c -> c.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new UsageException("--context-name " + name.get() + ": " + file + " has contexts " + names));
        }
        if (contexts.size() != 1) {
            throw new UsageException(file + " has " + contexts.size() + " contexts " + names + "; choose one with --context-name");
        }
        return contexts.get(0);
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) {
                throw new UsageException("--port is 0 to 65535, was " + p);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("--port needs a number, was \"" + text + "\"");
        }
    }
}
