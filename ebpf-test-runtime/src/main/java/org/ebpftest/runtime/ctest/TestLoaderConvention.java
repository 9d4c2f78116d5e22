package org.ebpftest.runtime.ctest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.uapi.ReturnCode;
import org.ebpftest.runtime.uapi.ReturnCodes;

/**
 * The kernel selftests' test_loader convention ({@code tools/testing/selftests/bpf/test_loader.c}):
 * every program of an object is a test unless tagged {@code __auxiliary}; its expectations are BTF
 * declaration tags on its function, {@code comment:test_...}. {@code __retval(N)} runs the program
 * once on 64 zero bytes, as test_loader's {@code do_prog_test_run} does, on the object loaded
 * afresh, and compares the 32-bit return value; {@code __failure}, {@code __msg} and the other
 * expectations about the verifier are reported as skipped until the emulator has a verifier.
 *
 * <p>Beyond test_loader: {@code __retval} also takes the return-code names of the program's type
 * ({@code XDP_DROP}, {@code TC_ACT_SHOT}), since {@code #val} keeps an enum's name; and a line the
 * program printed that starts with {@value #MARK} (an assertion of {@code ebpf_test.h}) fails the
 * test with that line, whatever it returned.
 */
final class TestLoaderConvention {
    static final String PREFIX = "comment:test_";
    static final String MARK = "ebpf-test: ";
    /** The size of test_loader's {@code data_in}. */
    static final int TEST_DATA_LEN = 64;
    /** test_loader's "any value" for {@code __retval}. */
    static final long POINTER_VALUE = 0xcafe4aL;
    static final String NO_VERIFIER = "the verifier is not available yet";

    private TestLoaderConvention() {
    }

    /** What a program's tags ask for. */
    record Expectations(boolean auxiliary, boolean failure, Optional<String> retval, Optional<String> description, List<String> unchecked) {
    }

    /** Whether any function of the object carries a test_loader tag. */
    static boolean applies(ObjectSpec spec) {
        return spec.btf().map(btf -> btf.types().stream().anyMatch(t -> t instanceof BtfType.DeclTag d && d.name().startsWith(PREFIX)))
                .orElse(false);
    }

    /** Every program not tagged {@code __auxiliary}, in the object's order. */
    static List<CTest> tests(ObjectSpec spec) {
        List<CTest> tests = new ArrayList<>();
        for (ProgramSpec p : spec.programs()) {
            Expectations e = expectations(spec, p.name());
            if (!e.auxiliary()) {
                SourceLine line = p.sourceLineAt(0);
                tests.add(new CTest(p.name(), e.description().orElse(p.name()), List.of(p.name()),
                        line != null && line.hasLine() ? Optional.of(line) : Optional.empty()));
            }
        }
        return tests;
    }

    static Expectations expectations(ObjectSpec spec, String program) {
        boolean auxiliary = false;
        boolean failure = false;
        Optional<String> retval = Optional.empty();
        Optional<String> description = Optional.empty();
        List<String> unchecked = new ArrayList<>();
        Optional<Btf> btf = spec.btf();
        Optional<BtfType> func = btf.flatMap(b -> b.find(program, BtfKind.FUNC));
        if (func.isEmpty()) {
            return new Expectations(false, false, retval, description, unchecked);
        }
        for (BtfType t : btf.get().types()) {
            if (!(t instanceof BtfType.DeclTag tag) || tag.type() != func.get().id() || tag.componentIndex() != -1
                    || !tag.name().startsWith(PREFIX)) {
                continue;
            }
            String s = tag.name().substring(PREFIX.length());
            if (s.equals("auxiliary")) {
                auxiliary = true;
            } else if (s.equals("expect_failure")) {
                failure = true;
            } else if (s.equals("expect_success")) {
                failure = false;
            } else if (s.startsWith("retval=")) {
                retval = Optional.of(s.substring("retval=".length()));
            } else if (s.startsWith("description=")) {
                description = Optional.of(s.substring("description=".length()));
            } else if (s.startsWith("expect_msg=")) {
                String msg = s.substring("expect_msg=".length());
                unchecked.add("__msg(\"" + msg.substring(msg.indexOf('=') + 1) + "\")");
            } else if (!s.endsWith("_unpriv") && !s.contains("_unpriv=")) {
                // Unprivileged variants run only where test_loader drops capabilities; not emulated, not reported.
                unchecked.add(s.contains("=") ? s.substring(0, s.indexOf('=')) : s);
            }
        }
        return new Expectations(auxiliary, failure, retval, description, unchecked);
    }

    /** Runs one test on the object loaded afresh, as test_loader loads an object per test. */
    static CTestResult run(ObjectSpec spec, CTest test) {
        String program = test.name();
        Expectations e = expectations(spec, program);
        if (e.failure()) {
            return CTestResult.skipped(test, "expects the verifier to refuse it (__failure"
                    + (e.unchecked().isEmpty() ? "" : ", " + String.join(", ", e.unchecked())) + "), and " + NO_VERIFIER, List.of());
        }
        if (e.retval().isEmpty()) {
            return CTestResult.skipped(test, "nothing to run without __retval, and whether the verifier accepts it (__success) cannot be"
                    + " checked: " + NO_VERIFIER, List.of());
        }
        ProgramType type = spec.program(program).type();
        Optional<ReturnCodes> family = type.returnCodes();
        long expected;
        try {
            expected = expected(e.retval().get(), family);
        } catch (IllegalArgumentException x) {
            return CTestResult.failed(test, x.getMessage(), List.of());
        }
        LoadedObject object = LoadedObject.load(spec, new LinuxEnvironment());
        ContextType context = object.contextType(program);
        RunInput input;
        if (context == ContextType.XDP) {
            input = XdpInput.of(new byte[TEST_DATA_LEN]);
        } else if (context.isSkb()) {
            input = SkbInput.fromTestRun(new byte[TEST_DATA_LEN], null);
        } else {
            return CTestResult.skipped(test, "running " + type.bpftoolName() + " programs as test_loader does is not supported yet", List.of());
        }
        RunResult r;
        try {
            r = object.run(program, input);
        } catch (EbpfException | IllegalArgumentException x) {
            return CTestResult.failed(test, "could not run: " + x.getMessage(), List.of());
        }
        List<String> log = r.printedMessages();
        Optional<String> assertion = log.stream().filter(line -> line.startsWith(MARK)).findFirst();
        if (assertion.isPresent()) {
            return CTestResult.failed(test, assertion.get().substring(MARK.length()), log);
        }
        int retval = r.retval();
        if (expected != POINTER_VALUE && retval != (int) expected) {
            return CTestResult.failed(test, "returned " + describe(retval, family) + ", expected " + describe(expected, family)
                    + " (__retval(" + e.retval().get() + "))" + test.source().map(l -> " [" + fileName(l.file()) + ":" + l.line() + "]").orElse(""), log);
        }
        if (!e.unchecked().isEmpty()) {
            return CTestResult.skipped(test, "__retval held; " + String.join(", ", e.unchecked()) + " cannot be checked: " + NO_VERIFIER, log);
        }
        return CTestResult.passed(test, log);
    }

    /** test_loader's named values, an integer as strtol reads it, or a return-code name of the program's family. */
    static long expected(String text, Optional<ReturnCodes> family) {
        switch (text) {
            case "INT_MIN":
                return Integer.MIN_VALUE;
            case "POINTER_VALUE":
                return POINTER_VALUE;
            case "TEST_DATA_LEN":
                return TEST_DATA_LEN;
            default:
                break;
        }
        Optional<ReturnCode> named = family.flatMap(f -> f.codes().stream().filter(c -> c.symbol().equals(text)).findFirst())
                .or(() -> ReturnCodes.byKernelName(text));
        if (named.isPresent()) {
            return named.get().value();
        }
        try {
            return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("__retval(" + text + ") is neither a number, INT_MIN, POINTER_VALUE, TEST_DATA_LEN nor a return code"
                    + family.map(f -> " of " + f + " (" + f.codes().stream().map(ReturnCode::symbol).collect(Collectors.joining(", ")) + ")")
                            .orElse(""));
        }
    }

    /** The file's name without its directories, which are where the object was built, not where it is read. */
    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String describe(long value, Optional<ReturnCodes> family) {
        return family.flatMap(f -> f.kernelName(value)).map(name -> name + " (" + (int) value + ")").orElse(Integer.toString((int) value));
    }
}
