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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
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
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;

/**
 * {@code debug}: runs a program of an object under the debugger and serves it to an IDE over the
 * Debug Adapter Protocol, on standard input and output or on a TCP port, or, without
 * {@code --dap}, to a console of gdb-like commands on standard input.
 */
final class DebugCommand {
    static final String USAGE = """
            usage: java -jar ebpf-test.jar debug [OBJECT.o] [--program NAME] [--type TYPE] [--data-in FILE] [--ctx-in FILE]
                       [--context FILE.json [--context-name NAME]] [--source-dir DIR] [--no-verify] [--dap [--port N]]
              --program NAME     the program to debug; may be left out when the object has only one
              --type TYPE        loads every program as this type, as run --type does
              --data-in FILE     the packet the run starts from (as run --data-in)
              --ctx-in FILE      the context (as run --ctx-in); the only input of programs without a packet
              --context FILE     runs on a mimic/edb context file instead; --context-name picks one of several
              --source-dir DIR   where the C sources are, when line info names them relatively (default: the object's directory)
              --no-verify        loads without the verifier
              --dap              speaks the Debug Adapter Protocol (VS Code and other IDEs); without it, a console reads
                                 gdb-like commands from standard input (help lists them). DAP goes on standard input and
                                 output, or with --port on TCP port N of the loopback interface (0 picks a free port);
                                 the port is printed as "listening on port N" and one IDE connection is served
            With --dap, the launch request may give each input instead (or override it): object, program, type, dataIn,
            ctxIn, context, contextName, sourceDir, noVerify, and stopOnEntry; OBJECT.o may then be left out here.
            """ + DebugConsole.HELP;

    private static final Set<String> VALUED = Set.of("--program", "--type", "--data-in", "--ctx-in", "--context", "--context-name",
            "--source-dir", "--port");
    private static final Set<String> SWITCHES = Set.of("--dap", "--no-verify", "--debug");

    private DebugCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse(args, VALUED, SWITCHES);
        Optional<Integer> port = a.value("--port").map(DebugCommand::port);
        Options options = Options.of(a);
        if (!a.flag("--dap")) {
            if (port.isPresent()) {
                throw new UsageException("--port goes with --dap");
            }
            return DebugConsole.run(target(options), in, out);
        }
        // With the object on the command line, a mistake shows now, as for run; without it the
        // launch request names it and a mistake is the launch's error.
        Optional<DebugTarget> fromCommandLine = options.object().isPresent() ? Optional.of(target(options)) : Optional.empty();
        Function<Map<String, Object>, DebugTarget> targets = launch -> {
            Options merged = options.with(launch);
            return merged.equals(options) && fromCommandLine.isPresent() ? fromCommandLine.get() : target(merged);
        };
        DebugAdapter adapter = new DebugAdapter(targets);
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

    /**
     * The debug command's inputs: from its options, each of which a launch request may give (or
     * replace) under the name in {@link #with}.
     */
    record Options(Optional<String> object, Optional<String> program, Optional<String> type, Optional<String> dataIn, Optional<String> ctxIn,
            Optional<String> context, Optional<String> contextName, Optional<String> sourceDir, boolean noVerify) {

        static Options of(Arguments a) {
            return new Options(a.optionalSingle(), a.value("--program"), a.value("--type"), a.value("--data-in"), a.value("--ctx-in"),
                    a.value("--context"), a.value("--context-name"), a.value("--source-dir"), a.flag("--no-verify"));
        }

        /** These options with those a launch request's arguments give: object, program, type, dataIn, ctxIn, context, contextName, sourceDir, noVerify. */
        Options with(Map<String, Object> launch) {
            return new Options(text(launch, "object", object), text(launch, "program", program), text(launch, "type", type),
                    text(launch, "dataIn", dataIn), text(launch, "ctxIn", ctxIn), text(launch, "context", context),
                    text(launch, "contextName", contextName), text(launch, "sourceDir", sourceDir),
                    launch.get("noVerify") instanceof Boolean b ? b : noVerify);
        }

        private static Optional<String> text(Map<String, Object> launch, String key, Optional<String> otherwise) {
            Object v = launch.get(key);
            return v == null ? otherwise : Optional.of(v.toString());
        }
    }

    /** Loads the object and prepares the run the options describe. */
    static DebugTarget target(Options o) {
        String objectFile = o.object().orElseThrow(() -> new UsageException("missing OBJECT.o (on the command line or as \"object\" in the launch request)"));
        ObjectSpec spec = ObjectFiles.read(objectFile, o.type());
        ProgramSpec program = ObjectFiles.program(spec, o.program());
        LoadedObject.Loader loader = LoadedObject.loader(spec);
        if (o.noVerify()) {
            loader.verify(false);
        }
        LoadedObject object = loader.load();
        List<Path> sourceDirs = new ArrayList<>();
        o.sourceDir().map(Path::of).ifPresent(sourceDirs::add);
        Path objectDir = Path.of(objectFile).toAbsolutePath().getParent();
        if (objectDir != null) {
            sourceDirs.add(objectDir);
        }
        return new DebugTarget(object, program.name(), runner(o, object, program), sourceDirs);
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
    private static Supplier<RunResult> runner(Options o, LoadedObject object, ProgramSpec program) {
        ContextType type = ContextType.of(program.type());
        if (o.context().isPresent()) {
            if (o.dataIn().isPresent() || o.ctxIn().isPresent()) {
                throw new UsageException("--context gives the whole input; leave out --data-in and --ctx-in");
            }
            BpfContext context = context(o.context().get(), o.contextName());
            return () -> context.runOn(object, program.name(), ReplayMode.FAIL);
        }
        if (o.contextName().isPresent()) {
            throw new UsageException("--context-name goes with --context");
        }
        byte[] dataIn = o.dataIn().map(f -> ObjectFiles.bytes(f, null)).orElse(new byte[0]);
        byte[] ctxIn = o.ctxIn().map(f -> ObjectFiles.bytes(f, null)).orElse(null);
        if (type == ContextType.GENERIC && ctxIn == null) {
            throw new UsageException("program " + program.name() + " has no emulated packet context: give its raw context with --ctx-in, or --context");
        }
        if (type != ContextType.GENERIC && o.dataIn().isEmpty()) {
            throw new UsageException("program " + program.name() + " runs on a packet: give it with --data-in (or a context file with --context)");
        }
        RunInput input = type == ContextType.XDP ? XdpInput.fromTestRun(dataIn, ctxIn)
                : type.isSkb() ? SkbInput.fromTestRun(dataIn, ctxIn)
                : type == ContextType.NETFILTER ? NetfilterInput.fromTestRun(dataIn, ctxIn)
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
