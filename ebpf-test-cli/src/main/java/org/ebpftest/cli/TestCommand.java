package org.ebpftest.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.ctest.CTest;
import org.ebpftest.runtime.ctest.CTestResult;
import org.ebpftest.runtime.ctest.CTestSuite;
import org.ebpftest.runtime.elf.ObjectSpec;

/**
 * {@code test}: runs the tests written in C that an object holds (Cilium's PKTGEN/SETUP/CHECK
 * convention or test_loader annotations) and prints one line per test, then the counts. The
 * output and exit statuses are a contract other tools read: {@code PASS <test>},
 * {@code FAIL <test>: <reason>}, {@code SKIP <test>: <reason>}, then
 * {@code N passed, M failed, K skipped}; 0 when none failed, 1 when some failed, 2 when the object
 * cannot be read or loaded (or the arguments make no sense).
 */
final class TestCommand {
    static final String USAGE = "usage: java -jar ebpf-test.jar test OBJECT.o [--type TYPE] [--verbose]";

    private TestCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a = Arguments.parse(args, Set.of("--type"), Set.of("--verbose", "--debug"));
        String file = a.single("OBJECT.o");
        CTestSuite suite;
        CTestSuite.Session session;
        try {
            ObjectSpec spec = ObjectFiles.read(file, a.value("--type"));
            suite = CTestSuite.of(spec);
            session = suite.start();
        } catch (CommandFailure | EbpfException | UncheckedIOException | IllegalArgumentException e) {
            err.println("test: " + file + " cannot be loaded: " + e.getMessage());
            if (a.flag("--debug")) {
                e.printStackTrace(err);
            }
            return 2;
        }
        if (suite.tests().isEmpty()) {
            err.println("test: " + file + " holds no tests: no section reads <type>/test/<name>/check, and no program carries a"
                    + " test_loader annotation (__retval, __success, __failure, ...)");
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (CTest test : suite.tests()) {
            CTestResult r = session.run(test);
            out.println(r.summaryLine());
            if (a.flag("--verbose")) {
                r.log().forEach(line -> out.println("    " + line));
            }
            switch (r.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed == 0 ? 0 : 1;
    }
}
