package org.ebpftest.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code ebpf-test} command line. {@code java -jar ebpf-test.jar COMMAND ...}; each command
 * returns a process exit status.
 */
public final class Main {

    private Main() {
    }

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs a command with the given streams and returns its exit status (for tests). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
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
            default:
                err.println("ebpf-test: unknown command '" + args[0] + "'");
                usage(err);
                return 2;
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: java -jar ebpf-test.jar COMMAND [ARGS]");
        s.println();
        s.println("commands:");
        s.println("  conformance-plugin [MEMORY_HEX]   bpf_conformance plugin: program hex on stdin, prints r0 in hex");
        s.println("  disasm [--hex]                    disassemble raw bytecode from stdin (binary, or hex with --hex)");
    }
}
