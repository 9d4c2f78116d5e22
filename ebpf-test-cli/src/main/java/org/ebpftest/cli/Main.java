package org.ebpftest.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.coverage.Coverage;

/**
 * The {@code ebpf-test} command line. {@code java -jar ebpf-test.jar COMMAND ...}; each command
 * returns a process exit status: 0 when it did its work, 1 when it could not (with a one-line
 * message on standard error), 2 when its arguments make no sense (with its usage).
 */
public final class Main {

    private Main() {
    }

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs a command with the given streams and returns its exit status (for tests). With
     * {@code -Debpftest.coverage=DIR}, the coverage report of the command's runs is written when it ends.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            return command(args, in, out, err);
        } finally {
            writeCoverage(err);
        }
    }

    private static void writeCoverage(PrintStream err) {
        try {
            Coverage.writeReport();
        } catch (UncheckedIOException e) {
            err.println("ebpf-test: " + e.getMessage());
        }
    }

    private static int command(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "conformance-plugin":
                return ConformancePlugin.run(rest, in, out, err);
            case "disasm":
                return DisassembleCommand.run(rest, in, out, err);
            case "run":
                return guarded("run", RunCommand.USAGE, rest, out, err, () -> RunCommand.run(rest, in, out, err));
            case "programs":
                return guarded("programs", InspectCommands.PROGRAMS_USAGE, rest, out, err, () -> InspectCommands.programs(rest, out));
            case "verify":
                return guarded("verify", VerifyCommand.USAGE, rest, out, err, () -> VerifyCommand.run(rest, out, err));
            case "test":
                return guarded("test", TestCommand.USAGE, rest, out, err, () -> TestCommand.run(rest, out, err));
            case "debug":
                return guarded("debug", DebugCommand.USAGE, rest, out, err, () -> DebugCommand.run(rest, in, out, err));
            case "dump":
                return guarded("dump", InspectCommands.DUMP_USAGE, rest, out, err, () -> InspectCommands.dump(rest, out));
            default:
                err.println("ebpf-test: unknown command '" + args[0] + "'");
                usage(err);
                return 2;
        }
    }

    private interface Command {
        int run();
    }

    /**
     * Runs a command, turning its errors into a message and an exit status: what the user can fix
     * gets one line, and only {@code --debug} shows a stack trace.
     */
    private static int guarded(String name, String usage, String[] args, PrintStream out, PrintStream err, Command command) {
        boolean debug = List.of(args).contains("--debug");
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.println(usage);
            return 0;
        }
        try {
            return command.run();
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println(usage);
            return 2;
        } catch (CommandFailure | EbpfException | UncheckedIOException | IllegalArgumentException e) {
            // IllegalArgumentException: the runtime's word for input it refuses, such as a map
            // document that does not fit the map.
            err.println(name + ": " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (RuntimeException e) {
            err.println(name + ": internal error: " + e + (debug ? "" : " (--debug shows where)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: java -jar ebpf-test.jar COMMAND [ARGS]");
        s.println();
        s.println("commands:");
        s.println("  run OBJECT.o [--program NAME] [OPTIONS]  run a program like bpftool prog run (run --help lists the options)");
        s.println("  programs OBJECT.o [--type TYPE]          list the programs of an object: name, section, type, context, rule");
        s.println("  test OBJECT.o [--type TYPE]              run the tests written in C an object holds (PKTGEN/SETUP/CHECK, test_loader)");
        s.println("  dump OBJECT.o [--program NAME] [--type TYPE]  disassemble a program with its C source lines");
        s.println("  debug OBJECT.o --program NAME --data-in FILE --dap [--port N]  serve a run to an IDE (Debug Adapter Protocol)");
        s.println("  verify OBJECT.o [--program NAME] [--log]  verify programs as Linux's verifier does: OK or REFUSED each");
        s.println("  conformance-plugin [MEMORY_HEX]          bpf_conformance plugin: program hex on stdin, prints r0 in hex");
        s.println("  disasm [--hex]                           disassemble raw bytecode from stdin (binary, or hex with --hex)");
    }
}
