package org.ebpftest.runtime.ctest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;

/**
 * The C tests of one object: which {@link Convention} it follows, its tests, and a way to run
 * them. A test may depend on the ones before it (PKTGEN/SETUP/CHECK tests share one loaded
 * object), so a {@link Session} runs them in the order {@link #tests()} gives.
 *
 * <pre>{@code
 * CTestSuite suite = CTestSuite.of(ObjectSpec.load(Path.of("tests.o")));
 * for (CTestResult r : suite.run()) {
 *     System.out.println(r.summaryLine());   // PASS ipv4_nat, FAIL drops_syn: expected ...
 * }
 * }</pre>
 */
public final class CTestSuite {
    private final ObjectSpec spec;
    private final Convention convention;
    private final List<CTest> tests;

    private CTestSuite(ObjectSpec spec, Convention convention, List<CTest> tests) {
        this.spec = spec;
        this.convention = convention;
        this.tests = List.copyOf(tests);
    }

    /**
     * Finds an object's tests: PKTGEN/SETUP/CHECK sections first, else test_loader tags, else none.
     *
     * @throws org.ebpftest.runtime.MalformedObjectException when a PKTGEN/SETUP/CHECK test has no
     *     CHECK program, or two programs for one phase
     */
    public static CTestSuite of(ObjectSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<CTest> suite = SuiteConvention.tests(spec);
        if (!suite.isEmpty()) {
            return new CTestSuite(spec, Convention.PKTGEN_SETUP_CHECK, suite);
        }
        if (TestLoaderConvention.applies(spec)) {
            return new CTestSuite(spec, Convention.TEST_LOADER, TestLoaderConvention.tests(spec));
        }
        return new CTestSuite(spec, Convention.NONE, List.of());
    }

    /** The object. */
    public ObjectSpec spec() {
        return spec;
    }

    /** The convention its tests follow. */
    public Convention convention() {
        return convention;
    }

    /** Its tests, in the order they run: name order for PKTGEN/SETUP/CHECK, the object's order for test_loader. */
    public List<CTest> tests() {
        return tests;
    }

    /**
     * Loads the object, ready to run tests: a load that fails fails here, before any test runs.
     * A PKTGEN/SETUP/CHECK object is verified whole, as Cilium's runner loads it; a test_loader
     * object is not, since test_loader loads one program per test and some are meant to be
     * refused: each test verifies its own program.
     *
     * @throws org.ebpftest.runtime.EbpfException when the object cannot be loaded
     */
    public Session start() {
        LoadedObject.Loader loader = LoadedObject.loader(spec).environment(new LinuxEnvironment());
        if (convention == Convention.TEST_LOADER) {
            loader.verify(false);
        }
        return new Session(loader.load());
    }

    /** Loads the object, runs every test in order, and closes the object. */
    public List<CTestResult> run() {
        try (Session session = start()) {
            List<CTestResult> results = new ArrayList<>();
            for (CTest test : tests) {
                results.add(session.run(test));
            }
            return results;
        }
    }

    /**
     * A loaded object whose tests run one after another, each in the state the ones before left;
     * closing the session closes the object ({@link LoadedObject#close()}).
     */
    public final class Session implements AutoCloseable {
        private final LoadedObject object;

        private Session(LoadedObject object) {
            this.object = object;
        }

        /** Closes the session's object: its timers never fire afterwards, and its maps are freed. */
        @Override
        public void close() {
            object.close();
        }

        /**
         * Runs one test of the suite. PKTGEN/SETUP/CHECK tests run on this session's object, whose
         * maps persist from test to test; test_loader tests each on the object loaded afresh.
         *
         * @throws IllegalArgumentException if the test is not one of this suite's
         */
        public CTestResult run(CTest test) {
            if (!tests.contains(test)) {
                throw new IllegalArgumentException("test \"" + test.name() + "\" is not one of " + spec.fileName() + "'s: "
                        + tests.stream().map(CTest::name).toList());
            }
            return switch (convention) {
                case PKTGEN_SETUP_CHECK -> SuiteConvention.run(spec, object, test);
                case TEST_LOADER -> TestLoaderConvention.run(spec, test);
                case NONE -> throw new IllegalStateException("an object without tests has no test to run");
            };
        }
    }
}
