package org.ebpftest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.ebpftest.runtime.debug.Argument;
import org.ebpftest.runtime.debug.Breakpoint;
import org.ebpftest.runtime.debug.CallFrame;
import org.ebpftest.runtime.debug.DebugSession;
import org.ebpftest.runtime.debug.StackSlot;
import org.ebpftest.runtime.debug.Stop;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.Hex;
import org.ebpftest.runtime.linux.RunResult;

/**
 * {@code debug} without {@code --dap}: a line-oriented console in the manner of gdb, one command a
 * line on standard input, for a terminal or a script. {@link #HELP} lists the commands.
 */
final class DebugConsole {
    static final String HELP = """
            commands:
              break FILE:LINE | break PC | break helper NAME   set a breakpoint (b)
              delete                                          remove every breakpoint
              continue (c)   next (n)   step (s)   stepi (si)   finish   run (to the end, past breakpoints)
              regs           print rN (p)   set rN VALUE   x ADDRESS LENGTH (hex bytes)
              args           stack          bt             ctx            maps           map NAME
              where          help           quit (q)""";

    private final DebugSession session;
    private final PrintStream out;

    private DebugConsole(DebugSession session, PrintStream out) {
        this.session = session;
        this.out = out;
    }

    /** Reads commands until {@code quit} or the end of the input; returns 0, or 1 when a run failed. */
    static int run(DebugTarget target, InputStream in, PrintStream out) {
        try (DebugSession s = DebugSession.start(target.object(), target.program(), target.run())) {
            DebugConsole console = new DebugConsole(s, out);
            out.println(s.lastStop());
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String command = line.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                if (command.equals("quit") || command.equals("q")) {
                    break;
                }
                try {
                    console.execute(command.split("\\s+"));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    out.println("error: " + e.getMessage());
                }
            }
            return s.failure().isPresent() ? 1 : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void execute(String[] w) {
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "break", "b" -> out.println("breakpoint " + describe(breakpoint(w)));
            case "delete" -> {
                session.clearBreakpoints();
                out.println("no breakpoints");
            }
            case "continue", "c" -> report(session.resume());
            case "next", "n" -> report(session.stepLine());
            case "step", "s" -> report(session.stepInto());
            case "stepi", "si" -> report(session.stepInstruction());
            case "finish" -> report(session.stepOut());
            case "run" -> {
                try {
                    session.runToEnd();
                } catch (RuntimeException e) {
                    if (session.failure().isEmpty()) {
                        throw e;
                    }
                    // a trap: reported from the session below
                }
                report(session.lastStop());
            }
            case "where" -> out.println(session.lastStop() + "  " + Disassembler.format(session.instruction()));
            case "regs" -> {
                for (int r = 0; r <= 10; r++) {
                    out.printf("r%-2d 0x%016x  %d%n", r, session.register(r), session.register(r));
                }
            }
            case "print", "p" -> out.println(w[1] + " = " + session.register(register(w, 1)));
            case "set" -> {
                session.setRegister(register(w, 1), number(arg(w, 2)));
                out.println(w[1] + " = " + session.register(register(w, 1)));
            }
            case "x" -> out.println(Hex.formatSpaced(session.readMemory(number(arg(w, 1)), (int) number(arg(w, 2)))));
            case "args" -> {
                int depth = session.callStack().get(0).depth();
                for (Argument a : session.arguments(depth)) {
                    out.println(a.type() + " " + a.name() + " = " + a.value());
                }
            }
            case "stack" -> {
                int depth = session.callStack().get(0).depth();
                for (StackSlot slot : session.stackSlots(depth)) {
                    out.println(slot.name() + " = " + slot.value());
                }
            }
            case "bt" -> {
                for (CallFrame f : session.callStack()) {
                    out.println("#" + f.depth() + " " + f.function() + " pc " + f.pc() + f.line().map(l -> " [" + l + "]").orElse(""));
                }
            }
            case "ctx" -> out.println(session.context().map(Object::toString).orElseGet(() -> Hex.formatSpaced(session.contextBytes())));
            case "maps" -> session.maps().keySet().forEach(out::println);
            case "map" -> out.print(session.describeMap(arg(w, 1)));
            case "help" -> out.println(HELP);
            default -> throw new IllegalArgumentException("unknown command " + w[0] + "; help lists them");
        }
    }

    private Breakpoint breakpoint(String[] w) {
        String where = arg(w, 1);
        if (where.equals("helper")) {
            return session.breakOnHelper(arg(w, 2));
        }
        int colon = where.lastIndexOf(':');
        if (colon > 0) {
            return session.breakAt(where.substring(0, colon), (int) number(where.substring(colon + 1)));
        }
        return session.breakAt((int) number(where));
    }

    private static String describe(Breakpoint b) {
        if (b instanceof Breakpoint.AtLine at) {
            return b.id() + " at " + at.file().substring(at.file().lastIndexOf('/') + 1) + ":" + at.line();
        }
        if (b instanceof Breakpoint.AtPc at) {
            return b.id() + " at pc " + at.pc() + " of " + at.program();
        }
        return b.id() + " on calls to " + ((Breakpoint.OnHelper) b).helper();
    }

    private void report(Stop stop) {
        if (!stop.reason().isEnd()) {
            out.println(stop);
            return;
        }
        if (session.failure().isPresent()) {
            out.println("run failed: " + session.failure().get().getMessage());
            return;
        }
        RunResult r = session.result();
        out.println("Return value: " + Integer.toUnsignedLong(r.retval()));
    }

    private static String arg(String[] w, int i) {
        if (i >= w.length) {
            throw new IllegalArgumentException(w[0] + " needs " + i + " argument" + (i == 1 ? "" : "s") + "; help lists the commands");
        }
        return w[i];
    }

    private static int register(String[] w, int i) {
        String r = arg(w, i);
        if (!r.matches("r(10|[0-9])")) {
            throw new IllegalArgumentException("not a register: " + r);
        }
        return Integer.parseInt(r.substring(1));
    }

    private static long number(String text) {
        try {
            String t = text.toLowerCase(Locale.ROOT);
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text, e);
        }
    }
}
