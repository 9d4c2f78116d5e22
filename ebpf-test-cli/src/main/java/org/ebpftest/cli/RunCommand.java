package org.ebpftest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ebpftest.kernel.Backend;
import org.ebpftest.kernel.KernelSupport;
import org.ebpftest.kernel.KernelTwin;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.Contexts;
import org.ebpftest.runtime.context.ReplayMode;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.PrintedLine;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.vm.JitMode;

/**
 * {@code run}: loads an object afresh and runs one of its programs as {@code bpftool prog run}
 * runs a loaded one through BPF_PROG_TEST_RUN, with the same inputs, outputs and report line.
 */
final class RunCommand {
    static final String USAGE = """
            usage: java -jar ebpf-test.jar run OBJECT.o [--program NAME] [--type TYPE] [--data-in FILE] [--data-out FILE]
                       [--ctx-in FILE] [--ctx-out FILE] [--repeat N] [--maps-in FILE.json] [--maps-out FILE.json]
                       [--context FILE.json [--context-name NAME] [--replay fail|emulate]] [--jit off|on|auto] [--backend B] [--trace]
                       [--no-verify] [--debug]
              --program NAME     the program to run; may be left out when the object has only one
              --type TYPE        loads every program as this type (xdp, tc, socket, action, cgroup_skb,
                                 or any bpftool type name), as bpftool prog loadall ... type TYPE and tc do
              --data-in FILE     the packet (for XDP: metadata then frame, as test_run's data_in); - reads stdin
              --data-out FILE    writes the packet after the run (test_run's data_out)
              --ctx-in FILE      the context: xdp_md, __sk_buff or (netfilter) struct nf_hook_state as test_run
                                 takes them, or the raw context of any other program type (required for
                                 those); - reads stdin
              --ctx-out FILE     writes the context after the run (test_run's ctx_out)
              --repeat N         runs N times (maps keep their contents) and reports the last return value
              --maps-in FILE     fills maps before the run from a JSON document (see CLI.md)
              --maps-out FILE    writes every keyed map after the run as a JSON document
              --context FILE     runs on a mimic/edb context file (generic, xdp_md, sk_buff, captured)
                                 instead of --data-in/--ctx-in; --context-name picks one of several
              --replay MODE      for a captured context, what a helper call it did not record does:
                                 fail (the default) or emulate
              --jit MODE         on: runs the program compiled to JVM bytecode; off: interpreted; auto (the
                                 default): interpreted first, compiled once it has run enough instructions
              --backend B        emulator (the default, or ebpftest.backend / EBPFTEST_BACKEND), kernel (runs in
                                 the running kernel, as root, and reports its duration) or both (fails on any
                                 difference in return value, packet or maps)
              --trace            prints bpf_trace_printk output on stderr, as trace_pipe shows it
              --no-verify        loads without the verifier (for a program it refuses that Linux loads: please report it)
              --debug            prints the stack trace of an error""";

    private static final Set<String> VALUED = Set.of("--program", "--type", "--data-in", "--data-out", "--ctx-in", "--ctx-out",
            "--repeat", "--maps-in", "--maps-out", "--context", "--context-name", "--replay", "--jit", "--backend");
    private static final Set<String> SWITCHES = Set.of("--trace", "--no-verify", "--debug");

    /** From this many runs on, the default mode compiles the program before the first run. */
    static final int COMPILE_FIRST_REPEATS = 1_000;

    private RunCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse(args, VALUED, SWITCHES);
        Optional<JitMode> jit = jit(a.value("--jit"));
        if (jit.isEmpty()) {
            return run(a, in, out, err);
        }
        // The VMs the object builds read their mode from the property; the previous value comes back
        // after the run, so a command run in-process (the tests) leaves nothing behind.
        String previous = System.getProperty(JitMode.PROPERTY);
        System.setProperty(JitMode.PROPERTY, jit.get().name().toLowerCase(Locale.ROOT));
        try {
            return run(a, in, out, err);
        } finally {
            if (previous == null) {
                System.clearProperty(JitMode.PROPERTY);
            } else {
                System.setProperty(JitMode.PROPERTY, previous);
            }
        }
    }

    private static int run(Arguments a, InputStream in, PrintStream out, PrintStream err) {
        String objectFile = a.single("OBJECT.o");
        int repeat = repeat(a.value("--repeat"));
        if (a.value("--data-in").filter("-"::equals).isPresent() && a.value("--ctx-in").filter("-"::equals).isPresent()) {
            throw new UsageException("only one of --data-in and --ctx-in can read standard input");
        }
        ObjectSpec spec = ObjectFiles.read(objectFile, a.value("--type"));
        ProgramSpec program = ObjectFiles.program(spec, a.value("--program"));
        ContextType type = ContextType.of(program.type());
        Optional<BpfContext> context = context(a, in);
        if (context.isEmpty() && (a.value("--context-name").isPresent() || a.value("--replay").isPresent())) {
            throw new UsageException("--context-name and --replay go with --context");
        }
        if (context.isPresent() && (a.value("--data-in").isPresent() || a.value("--ctx-in").isPresent())) {
            throw new UsageException("--context gives the whole input; leave out --data-in and --ctx-in");
        }
        // syscall programs may run on no context (test_run passes NULL), and test_run answers tracing programs without one
        boolean contextOptional = program.type() == ProgramType.SYSCALL || program.type() == ProgramType.TRACING;
        if (context.isEmpty() && type == ContextType.GENERIC
                && (a.value("--ctx-in").isEmpty() && !contextOptional || a.value("--data-in").isPresent())) {
            throw new UsageException("program " + program.name() + " (section \"" + program.sectionName() + "\", type "
                    + program.type().bpftoolName() + ", typed by " + program.typedBy() + ") has no emulated packet context: give its raw context with --ctx-in, and no --data-in, or a context file with --context");
        }
        byte[] dataIn = a.value("--data-in").map(f -> ObjectFiles.bytes(f, in)).orElse(new byte[0]);
        byte[] ctxIn = a.value("--ctx-in").map(f -> ObjectFiles.bytes(f, in)).orElse(null);
        Optional<JsonNode> mapsIn = a.value("--maps-in").map(f -> MapsFile.parse(f, ObjectFiles.bytes(f, null)));

        LoadedObject.Loader loader = LoadedObject.loader(spec);
        if (a.flag("--no-verify")) {
            loader.verify(false);
        }
        if (compilesFirst(a, repeat)) {
            loader.jit(JitMode.ON);
        }
        mapsIn.ifPresent(maps -> MapsFile.readBeforeLoad(spec, loader, a.value("--maps-in").get(), maps));
        LoadedObject object = loader.load();
        mapsIn.ifPresent(maps -> MapsFile.read(object, a.value("--maps-in").get(), maps));
        Backend backend = a.value("--backend").map(b -> parseBackend(b)).orElseGet(RunCommand::selectedBackend);
        if (backend.needsKernel()) {
            if (context.isPresent()) {
                throw new UsageException("--context runs in the emulator only (context files and captured replay); leave out --backend " + backend);
            }
            KernelSupport.unavailableReason().ifPresent(why -> {
                throw new CommandFailure("--backend " + backend + ": " + why);
            });
            try (KernelTwin twin = KernelTwin.load(object, backend)) {
                return backend == Backend.KERNEL
                        ? KernelRuns.inKernel(a, twin, program.name(), dataIn, ctxIn, repeat, out, err)
                        : KernelRuns.inBoth(a, twin, program.name(), type, dataIn, ctxIn, repeat, out);
            }
        }
        // What the first run would do first (build the VM, compile the program where it runs
        // compiled) happens before the clock starts, as the kernel loads and JITs a program before
        // test_run times it.
        object.prepare(program.name());
        boolean trace = a.flag("--trace");
        RunResult result;
        long totalNanos;
        if (context.isPresent()) {
            // A context file is the emulator's own input: each run starts from the file's context.
            ReplayMode mode = replay(a.value("--replay"));
            RunResult last = null;
            long start = System.nanoTime();
            for (int i = 0; i < repeat; i++) {
                last = context.get().runOn(object, program.name(), mode);
                if (trace) {
                    start += printed(last.printed(), err);
                }
            }
            totalNanos = System.nanoTime() - start;
            result = last;
        } else {
            RunInput input = input(type, dataIn, ctxIn);
            // One clock around all the runs, as test_run's timer, so reading the clock costs no run
            // anything; printing the trace is left out of it.
            long[] printing = new long[1];
            long start = System.nanoTime();
            result = object.run(program.name(), input, repeat, trace ? lines -> printing[0] += printed(lines, err) : null);
            totalNanos = System.nanoTime() - start - printing[0];
        }

        a.value("--data-out").ifPresent(f -> ObjectFiles.write(f, result.packet()));
        a.value("--ctx-out").ifPresent(f -> {
            // bpftool writes ctx_out only for a run given ctx_in (checked on this machine for xdp and tc).
            Optional<byte[]> ctx = type == ContextType.GENERIC ? Optional.of(result.finalContext())
                    : ctxIn == null && context.isEmpty() ? Optional.empty() : result.contextOut();
            if (ctx.isPresent()) {
                ObjectFiles.write(f, ctx.get());
            } else {
                err.println("run: no context to write to " + f + ": test_run returns ctx_out only for a run given --ctx-in");
            }
        });
        a.value("--maps-out").ifPresent(f -> ObjectFiles.write(f, MapsFile.write(object)));
        // bpftool's line: the return value as the u32 test_run reports, "(average)" only for repeated runs.
        out.printf("Return value: %d, duration%s: %dns%n", Integer.toUnsignedLong(result.retval()),
                repeat > 1 ? " (average)" : "", totalNanos / repeat);
        return 0;
    }

    /** The input test_run builds from data_in and ctx_in for the program's context. */
    private static RunInput input(ContextType type, byte[] dataIn, byte[] ctxIn) {
        return type == ContextType.XDP ? XdpInput.fromTestRun(dataIn, ctxIn)
                : type.isSkb() ? SkbInput.fromTestRun(dataIn, ctxIn)
                : type == ContextType.NETFILTER ? NetfilterInput.fromTestRun(dataIn, ctxIn)
                : new RawInput(ctxIn == null ? new byte[0] : ctxIn);
    }

    /** Prints a run's {@code bpf_trace_printk} lines as trace_pipe shows them; returns the time that took. */
    private static long printed(List<PrintedLine> lines, PrintStream err) {
        long start = System.nanoTime();
        lines.stream().map(PrintedLine::tracePipeLine).forEach(err::println);
        return System.nanoTime() - start;
    }

    private static Backend parseBackend(String text) {
        try {
            return Backend.parse(text, "--backend");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Backend selectedBackend() {
        try {
            return Backend.selected();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The context --context names: the file's only one, or the one --context-name names. */
    private static Optional<BpfContext> context(Arguments a, InputStream in) {
        Optional<String> file = a.value("--context");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        List<BpfContext> contexts = Contexts.parse(file.get(), ObjectFiles.bytes(file.get(), in));
        List<String> names = contexts.stream().map(BpfContext::name).toList();
        Optional<String> name = a.value("--context-name");
        if (name.isPresent()) {
            return Optional.of(contexts.stream().filter(c -> c.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new UsageException("--context-name " + name.get() + ": " + file.get() + " has contexts " + names)));
        }
        if (contexts.size() != 1) {
            throw new UsageException(file.get() + " has " + contexts.size() + " contexts " + names + "; choose one with --context-name");
        }
        return Optional.of(contexts.get(0));
    }

    private static ReplayMode replay(Optional<String> text) {
        return switch (text.orElse("fail")) {
            case "fail" -> ReplayMode.FAIL;
            case "emulate" -> ReplayMode.EMULATE;
            default -> throw new UsageException("--replay is fail or emulate, was \"" + text.get() + "\"");
        };
    }

    private static Optional<JitMode> jit(Optional<String> text) {
        try {
            return text.map(JitMode::parse);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--jit is off, on or auto, was \"" + text.get() + "\"");
        }
    }

    /**
     * True when the program runs compiled from its first run although no {@code --jit} asks for
     * it: in the default mode ({@code auto}), for {@value #COMPILE_FIRST_REPEATS} runs or more,
     * where compiling costs less than warming up the interpreter first. It is then compiled before
     * the clock starts, as it is with {@code --jit on}. Results do not change.
     */
    private static boolean compilesFirst(Arguments a, int repeat) {
        if (a.value("--jit").isPresent() || repeat < COMPILE_FIRST_REPEATS) {
            return false;
        }
        try {
            return JitMode.fromSystemProperty() == JitMode.AUTO;
        } catch (IllegalArgumentException e) {
            return false; // the VM reports the property's bad value when it is built
        }
    }

    /** The kernel runs a program once when asked for 0 repeats. */
    private static int repeat(Optional<String> text) {
        if (text.isEmpty()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(text.get());
            if (n < 0) {
                throw new UsageException("--repeat must not be negative, was " + n);
            }
            return Math.max(1, n);
        } catch (NumberFormatException e) {
            throw new UsageException("--repeat needs a number, was \"" + text.get() + "\"");
        }
    }
}
