package org.ebpftest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.Capabilities;
import org.eclipse.lsp4j.debug.ConfigurationDoneArguments;
import org.eclipse.lsp4j.debug.ContinueArguments;
import org.eclipse.lsp4j.debug.ContinueResponse;
import org.eclipse.lsp4j.debug.DisconnectArguments;
import org.eclipse.lsp4j.debug.EvaluateArguments;
import org.eclipse.lsp4j.debug.EvaluateResponse;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.InitializeRequestArguments;
import org.eclipse.lsp4j.debug.NextArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArgumentsCategory;
import org.eclipse.lsp4j.debug.PauseArguments;
import org.eclipse.lsp4j.debug.Scope;
import org.eclipse.lsp4j.debug.ScopesArguments;
import org.eclipse.lsp4j.debug.ScopesResponse;
import org.eclipse.lsp4j.debug.SetBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetExceptionBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsArguments;
import org.eclipse.lsp4j.debug.SetFunctionBreakpointsResponse;
import org.eclipse.lsp4j.debug.SetVariableArguments;
import org.eclipse.lsp4j.debug.SetVariableResponse;
import org.eclipse.lsp4j.debug.Source;
import org.eclipse.lsp4j.debug.SourceBreakpoint;
import org.eclipse.lsp4j.debug.StackFrame;
import org.eclipse.lsp4j.debug.StackTraceArguments;
import org.eclipse.lsp4j.debug.StackTraceResponse;
import org.eclipse.lsp4j.debug.SteppingGranularity;
import org.eclipse.lsp4j.debug.StepInArguments;
import org.eclipse.lsp4j.debug.StepOutArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.StoppedEventArgumentsReason;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.Thread;
import org.eclipse.lsp4j.debug.ThreadsResponse;
import org.eclipse.lsp4j.debug.Variable;
import org.eclipse.lsp4j.debug.VariablesArguments;
import org.eclipse.lsp4j.debug.VariablesResponse;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.debug.services.IDebugProtocolServer;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.BtfValue;
import org.ebpftest.runtime.debug.Argument;
import org.ebpftest.runtime.debug.CallFrame;
import org.ebpftest.runtime.debug.DebugSession;
import org.ebpftest.runtime.debug.StackSlot;
import org.ebpftest.runtime.debug.Stop;
import org.ebpftest.runtime.isa.Hex;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.maps.BpfMap;

/**
 * The Debug Adapter Protocol server of the {@code debug} command: a {@link DebugSession} behind
 * the requests an IDE sends (LSP4J decodes and encodes them). One thread, the program's run;
 * frames are C functions at C lines; the scopes of a frame are its arguments (BTF prototype,
 * values on entry), its registers (innermost frame), its stack slots, the context and the maps.
 *
 * <p>Requests arrive one at a time on LSP4J's reader thread. Commands that run the program
 * (continue, next, stepIn, stepOut, configurationDone) answer at once and run on a thread of their
 * own after the answer is written ({@link #afterResponses}), so the IDE always reads the answer
 * before the stopped event, as the protocol asks.
 */
public final class DebugAdapter implements IDebugProtocolServer {
    private static final int THREAD_ID = 1;

    private final Function<Map<String, Object>, DebugTarget> targets;
    private LoadedObject object;
    private String program = "eBPF program";
    private List<Path> sourceDirs = List.of();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        java.lang.Thread t = new java.lang.Thread(r, "ebpf-dap runner");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Map<String, List<org.ebpftest.runtime.debug.Breakpoint>> lineBreakpoints = new HashMap<>();
    private final List<org.ebpftest.runtime.debug.Breakpoint> helperBreakpoints = new ArrayList<>();
    /** What the variables references of the current stop expand to; reference n is entry n - 1. */
    private final List<Supplier<List<Variable>>> containers = Collections.synchronizedList(new ArrayList<>());
    private IDebugProtocolClient client;
    private DebugSession session;
    private boolean stopOnEntry;
    private volatile Runnable afterResponse;

    /** An adapter that loads what each launch request's arguments (with the command line's) describe. */
    DebugAdapter(Function<Map<String, Object>, DebugTarget> targets) {
        this.targets = targets;
    }

    /** Gives the adapter the IDE to send events to. */
    void connect(IDebugProtocolClient remote) {
        this.client = remote;
    }

    /** Completes when the IDE disconnects. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    /** Wraps LSP4J's message stream so that a command queued by a request runs once its response is out. */
    Function<MessageConsumer, MessageConsumer> afterResponses() {
        return consumer -> message -> {
            consumer.consume(message);
            Runnable task = afterResponse;
            if (message instanceof ResponseMessage && task != null) {
                afterResponse = null;
                runner.execute(task);
            }
        };
    }

    @Override
    public CompletableFuture<Capabilities> initialize(InitializeRequestArguments args) {
        Capabilities c = new Capabilities();
        c.setSupportsConfigurationDoneRequest(true);
        c.setSupportsFunctionBreakpoints(true);
        c.setSupportsSetVariable(true);
        c.setSupportsSteppingGranularity(true);
        return CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletableFuture<Void> launch(Map<String, Object> args) {
        stopOnEntry = Boolean.TRUE.equals(args.get("stopOnEntry"));
        if (session != null) {
            return failed("a program is launched already; this server debugs one run");
        }
        try {
            DebugTarget target = targets.apply(args);
            object = target.object();
            program = target.program();
            sourceDirs = target.sourceDirs();
            session = DebugSession.start(object, program, target.run());
        } catch (RuntimeException e) {
            // Usage mistakes, unreadable files, refused loads and refused runs all end the launch with their message.
            return failed("cannot launch: " + e.getMessage());
        }
        // Configuration (breakpoints) may come now that there is a run to set them on.
        client.initialized();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<SetBreakpointsResponse> setBreakpoints(SetBreakpointsArguments args) {
        String path = args.getSource().getPath() != null ? args.getSource().getPath() : args.getSource().getName();
        lineBreakpoints.getOrDefault(path, List.of()).forEach(b -> session().remove(b));
        List<org.ebpftest.runtime.debug.Breakpoint> set = new ArrayList<>();
        List<Breakpoint> answers = new ArrayList<>();
        SourceBreakpoint[] requested = args.getBreakpoints() == null ? new SourceBreakpoint[0] : args.getBreakpoints();
        for (SourceBreakpoint sb : requested) {
            Breakpoint answer = new Breakpoint();
            try {
                org.ebpftest.runtime.debug.Breakpoint.AtLine b = (org.ebpftest.runtime.debug.Breakpoint.AtLine) session().breakAt(path, sb.getLine());
                set.add(b);
                answer.setId(b.id());
                answer.setVerified(true);
                answer.setLine(b.line());
                answer.setSource(args.getSource());
            } catch (IllegalArgumentException e) {
                answer.setVerified(false);
                answer.setLine(sb.getLine());
                answer.setMessage(e.getMessage());
            }
            answers.add(answer);
        }
        lineBreakpoints.put(path, set);
        SetBreakpointsResponse r = new SetBreakpointsResponse();
        r.setBreakpoints(answers.toArray(new Breakpoint[0]));
        return CompletableFuture.completedFuture(r);
    }

    /** Function breakpoints name helpers and kfuncs: the run stops before each call to one. */
    @Override
    public CompletableFuture<SetFunctionBreakpointsResponse> setFunctionBreakpoints(SetFunctionBreakpointsArguments args) {
        helperBreakpoints.forEach(b -> session().remove(b));
        helperBreakpoints.clear();
        List<Breakpoint> answers = new ArrayList<>();
        for (FunctionBreakpoint fb : args.getBreakpoints()) {
            org.ebpftest.runtime.debug.Breakpoint b = session().breakOnHelper(fb.getName());
            helperBreakpoints.add(b);
            Breakpoint answer = new Breakpoint();
            answer.setId(b.id());
            answer.setVerified(true);
            answers.add(answer);
        }
        SetFunctionBreakpointsResponse r = new SetFunctionBreakpointsResponse();
        r.setBreakpoints(answers.toArray(new Breakpoint[0]));
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<SetExceptionBreakpointsResponse> setExceptionBreakpoints(SetExceptionBreakpointsArguments args) {
        return CompletableFuture.completedFuture(new SetExceptionBreakpointsResponse());
    }

    @Override
    public CompletableFuture<Void> configurationDone(ConfigurationDoneArguments args) {
        if (stopOnEntry) {
            afterResponse = () -> report(session().lastStop());
        } else {
            afterResponse = () -> report(session().resume());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<ThreadsResponse> threads() {
        Thread t = new Thread();
        t.setId(THREAD_ID);
        t.setName(program);
        ThreadsResponse r = new ThreadsResponse();
        r.setThreads(new Thread[] {t});
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<StackTraceResponse> stackTrace(StackTraceArguments args) {
        List<StackFrame> frames = new ArrayList<>();
        for (CallFrame f : pausedSession().callStack()) {
            StackFrame sf = new StackFrame();
            sf.setId(f.depth() + 1);
            sf.setName(f.function());
            sf.setInstructionPointerReference(Integer.toString(f.pc()));
            Optional<SourceLine> line = f.line();
            if (line.isPresent()) {
                sf.setSource(source(line.get().file()));
                sf.setLine(line.get().line());
                sf.setColumn(Math.max(1, line.get().column()));
            } else {
                sf.setName(f.function() + " (pc " + f.pc() + ", no source line)");
                sf.setLine(0);
                sf.setColumn(0);
            }
            frames.add(sf);
        }
        StackTraceResponse r = new StackTraceResponse();
        r.setStackFrames(frames.toArray(new StackFrame[0]));
        r.setTotalFrames(frames.size());
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<ScopesResponse> scopes(ScopesArguments args) {
        DebugSession s = pausedSession();
        int depth = args.getFrameId() - 1;
        int innermost = s.callStack().get(0).depth();
        List<Scope> scopes = new ArrayList<>();
        scopes.add(scope("Arguments", () -> arguments(depth)));
        if (depth == innermost) {
            scopes.add(scope("Registers", this::registers));
        }
        scopes.add(scope("Stack", () -> stack(depth)));
        scopes.add(scope("Context", this::context));
        scopes.add(scope("Maps", this::maps));
        ScopesResponse r = new ScopesResponse();
        r.setScopes(scopes.toArray(new Scope[0]));
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<VariablesResponse> variables(VariablesArguments args) {
        int ref = args.getVariablesReference();
        if (ref < 1 || ref > containers.size()) {
            return failed("no variables with reference " + ref + " at this stop");
        }
        VariablesResponse r = new VariablesResponse();
        r.setVariables(containers.get(ref - 1).get().toArray(new Variable[0]));
        return CompletableFuture.completedFuture(r);
    }

    /** Registers can be changed: r0 to r9, in decimal or {@code 0x} hex. */
    @Override
    public CompletableFuture<SetVariableResponse> setVariable(SetVariableArguments args) {
        String name = args.getName();
        if (!name.matches("r[0-9]")) {
            return failed("only registers r0 to r9 can be set, not " + name);
        }
        long value;
        try {
            String text = args.getValue().strip().toLowerCase(Locale.ROOT);
            value = text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return failed("not a number: " + args.getValue());
        }
        pausedSession().setRegister(name.charAt(1) - '0', value);
        SetVariableResponse r = new SetVariableResponse();
        r.setValue(number(value));
        return CompletableFuture.completedFuture(r);
    }

    /**
     * Watch and hover expressions: a register ({@code r2}), a parameter of the frame's function by
     * name ({@code length}) or a stack slot ({@code fp-4}); C locals are not in BTF, so nothing else.
     */
    @Override
    public CompletableFuture<EvaluateResponse> evaluate(EvaluateArguments args) {
        DebugSession s = pausedSession();
        String expression = args.getExpression().strip();
        int innermost = s.callStack().get(0).depth();
        int depth = args.getFrameId() != null ? args.getFrameId() - 1 : innermost;
        Optional<String> value = Optional.empty();
        if (expression.matches("r(10|[0-9])") && depth == innermost) {
            value = Optional.of(number(s.register(Integer.parseInt(expression.substring(1)))));
        }
        for (Argument a : value.isPresent() ? List.<Argument>of() : s.arguments(depth)) {
            if (a.name().equals(expression)) {
                value = Optional.of(number(a.value()));
            }
        }
        for (StackSlot slot : value.isPresent() ? List.<StackSlot>of() : s.stackSlots(depth)) {
            if (("fp" + slot.offset()).equals(expression)) {
                value = Optional.of(number(slot.value()));
            }
        }
        if (value.isEmpty()) {
            return failed(expression + " is not a register, a parameter or a stack slot of this frame (BTF describes no local variables)");
        }
        EvaluateResponse r = new EvaluateResponse();
        r.setResult(value.get());
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<ContinueResponse> continue_(ContinueArguments args) {
        DebugSession s = pausedSession();
        afterResponse = () -> report(s.resume());
        ContinueResponse r = new ContinueResponse();
        r.setAllThreadsContinued(true);
        return CompletableFuture.completedFuture(r);
    }

    @Override
    public CompletableFuture<Void> next(NextArguments args) {
        DebugSession s = pausedSession();
        boolean instruction = args.getGranularity() == SteppingGranularity.INSTRUCTION;
        afterResponse = () -> report(instruction ? s.stepInstruction() : s.stepLine());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> stepIn(StepInArguments args) {
        DebugSession s = pausedSession();
        boolean instruction = args.getGranularity() == SteppingGranularity.INSTRUCTION;
        afterResponse = () -> report(instruction ? s.stepInstruction() : s.stepInto());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> stepOut(StepOutArguments args) {
        DebugSession s = pausedSession();
        afterResponse = () -> report(s.stepOut());
        return CompletableFuture.completedFuture(null);
    }

    /** Stops a running program before its next instruction; the pending command reports the stop. */
    @Override
    public CompletableFuture<Void> pause(PauseArguments args) {
        session().pause();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> disconnect(DisconnectArguments args) {
        if (session != null) {
            session.close();
        }
        afterResponse = () -> {
            runner.shutdown();
            finished.complete(null);
        };
        return CompletableFuture.completedFuture(null);
    }

    // ---- events ----

    /** Tells the IDE where the run stopped, or that it ended (with its return value or its trap). */
    private void report(Stop stop) {
        containers.clear();
        if (!stop.reason().isEnd()) {
            StoppedEventArguments e = new StoppedEventArguments();
            e.setThreadId(THREAD_ID);
            e.setAllThreadsStopped(true);
            e.setReason(switch (stop.reason()) {
                case ENTRY -> StoppedEventArgumentsReason.ENTRY;
                case BREAKPOINT -> StoppedEventArgumentsReason.BREAKPOINT;
                case HELPER_CALL -> StoppedEventArgumentsReason.FUNCTION_BREAKPOINT;
                case PAUSE -> StoppedEventArgumentsReason.PAUSE;
                default -> StoppedEventArgumentsReason.STEP;
            });
            if (stop.breakpoint() != null) {
                e.setHitBreakpointIds(new Integer[] {stop.breakpoint().id()});
            }
            client.stopped(e);
            return;
        }
        OutputEventArguments out = new OutputEventArguments();
        ExitedEventArguments exited = new ExitedEventArguments();
        Optional<RuntimeException> failure = session().failure();
        if (failure.isPresent()) {
            out.setCategory(OutputEventArgumentsCategory.STDERR);
            out.setOutput(failure.get().getMessage() + "\n");
            exited.setExitCode(-1);
        } else {
            RunResult result = session().result();
            out.setCategory(OutputEventArgumentsCategory.STDOUT);
            out.setOutput("Return value: " + Integer.toUnsignedLong(result.retval()) + "\n");
            exited.setExitCode(result.retval());
        }
        client.output(out);
        client.exited(exited);
        client.terminated(new TerminatedEventArguments());
    }

    // ---- variables ----

    private Scope scope(String name, Supplier<List<Variable>> contents) {
        Scope s = new Scope();
        s.setName(name);
        s.setVariablesReference(container(contents));
        return s;
    }

    private int container(Supplier<List<Variable>> contents) {
        containers.add(contents);
        return containers.size();
    }

    private List<Variable> registers() {
        List<Variable> out = new ArrayList<>();
        for (int r = 0; r <= 10; r++) {
            out.add(variable("r" + r, number(pausedSession().register(r)), "u64"));
        }
        return out;
    }

    private List<Variable> arguments(int depth) {
        List<Variable> out = new ArrayList<>();
        for (Argument a : pausedSession().arguments(depth)) {
            out.add(variable(a.name(), number(a.value()), a.type()));
        }
        return out;
    }

    private List<Variable> stack(int depth) {
        List<Variable> out = new ArrayList<>();
        for (StackSlot slot : pausedSession().stackSlots(depth)) {
            out.add(variable("fp" + slot.offset(), number(slot.value()), "u" + slot.size() * 8));
        }
        return out;
    }

    private List<Variable> context() {
        DebugSession s = pausedSession();
        Optional<BtfValue> typed = s.context();
        List<Variable> out = new ArrayList<>();
        if (typed.isPresent() && s.object().spec().btf().isPresent()) {
            for (String field : fieldNames(typed.get())) {
                BtfValue v = typed.get().field(field);
                out.add(variable(field, v.toString(), v.typeName()));
            }
        } else {
            out.add(variable("bytes", Hex.formatSpaced(s.contextBytes()), "raw"));
        }
        return out;
    }

    /** The members of a struct value, by name, from the object's BTF. */
    private List<String> fieldNames(BtfValue value) {
        List<String> names = new ArrayList<>();
        for (BtfType t : object.spec().btf().get().types()) {
            if (t instanceof BtfType.StructType st && ("struct " + st.name()).equals(value.typeName())) {
                st.members().stream().map(BtfType.Member::name).filter(n -> !n.isEmpty()).forEach(names::add);
                break;
            }
        }
        return names;
    }

    private List<Variable> maps() {
        List<Variable> out = new ArrayList<>();
        for (Map.Entry<String, BpfMap> m : object.maps().entrySet()) {
            String name = m.getKey();
            List<String> lines = object.describe(name).lines().toList();
            Variable v = variable(name, lines.get(0).substring(name.length()).strip(), m.getValue().type().displayName());
            v.setVariablesReference(container(() -> {
                List<Variable> entries = new ArrayList<>();
                for (int i = 1; i < lines.size(); i++) {
                    entries.add(variable("[" + (i - 1) + "]", lines.get(i).strip(), "entry"));
                }
                return entries;
            }));
            out.add(v);
        }
        return out;
    }

    private static Variable variable(String name, String value, String type) {
        Variable v = new Variable();
        v.setName(name);
        v.setValue(value);
        v.setType(type);
        return v;
    }

    /** {@code 42 (0x2a)}: decimal for values, hex for addresses. */
    private static String number(long value) {
        return value + " (0x" + Long.toHexString(value) + ")";
    }

    // ---- helpers ----

    /** The source as the IDE opens it: the file where it exists (absolute, or in a source directory), else its name. */
    private Source source(String file) {
        Source s = new Source();
        Path name = Path.of(file).getFileName();
        s.setName(name.toString());
        Path found = null;
        if (Path.of(file).isAbsolute() && Files.isRegularFile(Path.of(file))) {
            found = Path.of(file);
        }
        for (Path dir : sourceDirs) {
            if (found == null && Files.isRegularFile(dir.resolve(file))) {
                found = dir.resolve(file);
            }
            if (found == null && Files.isRegularFile(dir.resolve(name))) {
                found = dir.resolve(name);
            }
        }
        s.setPath((found != null ? found.toAbsolutePath().normalize() : Path.of(file)).toString());
        return s;
    }

    private DebugSession session() {
        if (session == null) {
            throw error("no program launched yet; send launch first");
        }
        return session;
    }

    private DebugSession pausedSession() {
        DebugSession s = session();
        if (!s.isPaused()) {
            throw error(s.isEnded() ? "the program has ended" : "the program is running; pause it first");
        }
        return s;
    }

    private static ResponseErrorException error(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidRequest, message, null));
    }

    private static <T> CompletableFuture<T> failed(String message) {
        return CompletableFuture.failedFuture(error(message));
    }
}
