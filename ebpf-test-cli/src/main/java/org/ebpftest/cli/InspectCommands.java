package org.ebpftest.cli;

import java.io.PrintStream;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.ContextType;

/** {@code programs} and {@code dump}: what is in an object, before running it. */
final class InspectCommands {
    static final String PROGRAMS_USAGE = "usage: java -jar ebpf-test.jar programs OBJECT.o [--type TYPE]";
    static final String DUMP_USAGE = "usage: java -jar ebpf-test.jar dump OBJECT.o [--program NAME] [--type TYPE]";

    private InspectCommands() {
    }

    /**
     * Lists the programs: name, section, kernel program type, the context {@code run} gives them,
     * and the rule that typed each.
     */
    static int programs(String[] args, PrintStream out) {
        Arguments a = Arguments.parse(args, Set.of("--type"), Set.of("--debug"));
        ObjectSpec spec = ObjectFiles.read(a.single("OBJECT.o"), a.value("--type"));
        String format = "%-" + width(spec, "PROGRAM".length(), p -> p.name().length()) + "s  %-"
                + width(spec, "SECTION".length(), p -> p.sectionName().length()) + "s  %-"
                + width(spec, "TYPE".length(), p -> p.type().name().length()) + "s  %-"
                + width(spec, "CONTEXT".length(), p -> context(ContextType.of(p.type())).length()) + "s  %s%n";
        out.printf(format, "PROGRAM", "SECTION", "TYPE", "CONTEXT", "TYPED BY");
        for (ProgramSpec p : spec.programs()) {
            out.printf(format, p.name(), p.sectionName(), p.type().bpftoolName(), context(ContextType.of(p.type())), p.typedBy());
        }
        return 0;
    }

    /** Prints the disassembly of one program, or of each in turn, with its C source lines. */
    static int dump(String[] args, PrintStream out) {
        Arguments a = Arguments.parse(args, Set.of("--program", "--type"), Set.of("--debug"));
        ObjectSpec spec = ObjectFiles.read(a.single("OBJECT.o"), a.value("--type"));
        if (a.value("--program").isPresent() || spec.programs().size() == 1) {
            ProgramSpec p = ObjectFiles.program(spec, a.value("--program"));
            out.println(header(p));
            out.print(spec.listing(p.name()));
            return 0;
        }
        String separator = "";
        for (ProgramSpec p : spec.programs()) {
            out.print(separator);
            out.println(header(p));
            out.print(spec.listing(p.name()));
            separator = System.lineSeparator();
        }
        return 0;
    }

    /**
     * The line above a program's listing: its name, section, type and the rule that typed it, or,
     * for a program no rule types, what it runs on and how to give it a type.
     */
    static String header(ProgramSpec p) {
        String where = p.name() + " (section \"" + p.sectionName() + "\", ";
        if (p.type() == ProgramType.UNSPEC) {
            return where + "untyped: no loader's rule types this section, so it runs on raw context bytes; give it a type with --type):";
        }
        return where + "type " + p.type().bpftoolName() + ", typed by " + p.typedBy() + "):";
    }

    private static String context(ContextType type) {
        return switch (type) {
            case XDP -> "xdp_md";
            case GENERIC -> "raw (--ctx-in)";
            case NETFILTER -> "bpf_nf_ctx";
            default -> "__sk_buff";
        };
    }

    private static int width(ObjectSpec spec, int header, ToIntFunction<ProgramSpec> length) {
        return Math.max(header, spec.programs().stream().mapToInt(length).max().orElse(0));
    }
}
