package org.ebpftest.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.verifier.Verification;

/**
 * {@code verify OBJECT.o}: verifies each program as Linux's verifier would at load and prints one
 * line per program; exit status 0 when every program is accepted, 1 when one is refused, 2 when
 * the arguments are wrong or the object cannot be read or loaded.
 */
final class VerifyCommand {
    static final String USAGE = """
            usage: java -jar ebpf-test.jar verify OBJECT.o [--program NAME] [--type TYPE] [--log] [--debug]
              --program NAME     verifies only this program
              --type TYPE        verifies every program as this type (xdp, tc, socket, action, cgroup_skb, ...)
              --log              after a refusal, prints the branch decisions that led to it
              --debug            prints the stack trace of an error
            prints OK NAME (N instructions processed) or REFUSED NAME: MESSAGE at pc P [file.c:L] per program""";

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse(args, Set.of("--program", "--type"), Set.of("--log", "--debug"));
        String file = a.single("OBJECT.o");
        List<ProgramSpec> programs;
        LoadedObject object;
        try {
            ObjectSpec spec = ObjectFiles.read(file, a.value("--type"));
            programs = a.value("--program").isPresent() ? List.of(ObjectFiles.program(spec, a.value("--program"))) : spec.programs();
            // the maps are created as the load creates them, so that read-only data is what programs see
            object = LoadedObject.loader(spec).verify(false).load();
        } catch (CommandFailure | EbpfException | UncheckedIOException | IllegalArgumentException e) {
            // the contract keeps 1 for a refusal: an object that cannot be read or loaded is 2
            err.println("verify: " + file + " cannot be loaded: " + e.getMessage());
            if (a.flag("--debug")) {
                e.printStackTrace(err);
            }
            return 2;
        }
        boolean refused = false;
        for (ProgramSpec p : programs) {
            Verification v = object.verify(p.name());
            out.println(v.summary());
            if (!v.accepted()) {
                refused = true;
                if (a.flag("--log")) {
                    out.println("  at pc " + v.pc() + ": " + v.instruction());
                    for (String line : v.log()) {
                        out.println("  " + line);
                    }
                }
            }
        }
        return refused ? 1 : 0;
    }
}
