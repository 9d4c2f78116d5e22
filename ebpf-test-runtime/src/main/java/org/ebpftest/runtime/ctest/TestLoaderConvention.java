package org.ebpftest.runtime.ctest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.CoreTarget;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LinuxEnvironment;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.verifier.Verification;
import org.ebpftest.runtime.linux.verifier.Verifier;
import org.ebpftest.runtime.uapi.ReturnCode;
import org.ebpftest.runtime.uapi.ReturnCodes;

/**
 * The kernel selftests' test_loader convention ({@code tools/testing/selftests/bpf/test_loader.c}):
 * every program of an object is a test unless tagged {@code __auxiliary}; its expectations are BTF
 * declaration tags on its function, {@code comment:test_...}. {@code __retval(N)} runs the program
 * once on 64 zero bytes, as test_loader's {@code do_prog_test_run} does, on the object loaded
 * afresh, and compares the 32-bit return value. As test_loader loads only the program under test,
 * the object is loaded unverified and that one program is verified: {@code __success} (and every
 * {@code __retval} test) fails when the verifier refuses it; {@code __failure} passes when the
 * verifier refuses it with every {@code __msg} found in its message or log tail, fails when the
 * messages differ, and is skipped when the verifier accepts it, since the verifier refuses only what
 * it is certain Linux refuses and does not check everything Linux checks yet (VERIFIER.md). With
 * {@code -Debpftest.verifier=off} the verifier's expectations are skipped.
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
    static final String VERIFIER_OFF = "verification is off (" + Verifier.PROPERTY + "=off)";
    static final String NOT_REFUSED = "the verifier accepts it: it refuses only what it is certain Linux refuses, and does not check"
            + " everything Linux checks yet (VERIFIER.md)";

    private TestLoaderConvention() {
    }

    /** What a program's tags ask for. */
    record Expectations(boolean auxiliary, boolean failure, Optional<String> retval, Optional<String> description, List<String> messages,
            List<String> unchecked, Optional<String> btfPath) {
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
        Optional<String> btfPath = Optional.empty();
        List<String> messages = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        Optional<Btf> btf = spec.btf();
        Optional<BtfType> func = btf.flatMap(b -> b.find(program, BtfKind.FUNC));
        if (func.isEmpty()) {
            return new Expectations(false, false, retval, description, messages, unchecked, Optional.empty());
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
            } else if (s.startsWith("btf_path=")) {
                btfPath = Optional.of(s.substring("btf_path=".length()));
            } else if (s.startsWith("description=")) {
                description = Optional.of(s.substring("description=".length()));
            } else if (s.startsWith("expect_msg=")) {
                // __msg tags carry a counter before the text: expect_msg=<n>=<text>
                String msg = s.substring("expect_msg=".length());
                messages.add(msg.substring(msg.indexOf('=') + 1));
            } else if (!s.endsWith("_unpriv") && !s.contains("_unpriv=")) {
                // Unprivileged variants run only where test_loader drops capabilities; not emulated, not reported.
                unchecked.add(s.contains("=") ? s.substring(0, s.indexOf('=')) : s);
            }
        }
        return new Expectations(auxiliary, failure, retval, description, messages, unchecked, btfPath);
    }

    /** Runs one test on the object loaded afresh, as test_loader loads an object per test. */
    static CTestResult run(ObjectSpec spec, CTest test) {
        String program = test.name();
        Expectations e = expectations(spec, program);
        if (e.btfPath().isPresent()) {
            // __btf_path: test_loader opens the object with that file as libbpf's btf_custom_path
            try {
                spec = withCoreTarget(spec, e.btfPath().get());
            } catch (EbpfException | UncheckedIOException x) {
                return CTestResult.failed(test, "__btf_path(\"" + e.btfPath().get() + "\"): " + x.getMessage(), List.of());
            }
        }
        // test_loader loads only the program under test: the others may be ones the verifier refuses;
        // and closes the object after the test, so that nothing of it (an armed timer) outlives the test
        try (LoadedObject object = LoadedObject.loader(spec).environment(new LinuxEnvironment()).verify(false).load()) {
            return run(spec, test, e, object);
        }
    }

    /** Runs one test on its freshly loaded object. */
    private static CTestResult run(ObjectSpec spec, CTest test, Expectations e, LoadedObject object) {
        String program = test.name();
        String expectation = e.failure() ? "__failure" : "__success";
        String msgs = e.messages().stream().map(m -> ", __msg(\"" + m + "\")").collect(Collectors.joining());
        if (!Verifier.enabledByDefault()) {
            if (e.failure() || e.retval().isEmpty()) {
                return CTestResult.skipped(test, "expects the verifier to " + (e.failure() ? "refuse" : "accept") + " it (" + expectation + msgs
                        + "), and " + VERIFIER_OFF, List.of());
            }
        } else {
            Verification v = object.verify(program);
            if (e.failure()) {
                if (v.accepted()) {
                    return CTestResult.skipped(test, "expects the verifier to refuse it (__failure" + msgs + "), and " + NOT_REFUSED, List.of());
                }
                List<String> missing = e.messages().stream().filter(m -> !v.message().contains(m) && v.log().stream().noneMatch(l -> l.contains(m)))
                        .toList();
                if (!missing.isEmpty()) {
                    return CTestResult.failed(test, "the verifier refused it with \"" + v.message() + "\" at pc " + v.pc() + where(v)
                            + ", which does not contain " + missing.stream().map(m -> "__msg(\"" + m + "\")").collect(Collectors.joining(", ")), v.log());
                }
                return CTestResult.passed(test, v.log());
            }
            if (!v.accepted()) {
                return CTestResult.failed(test, "expects the verifier to accept it, but it refused it: " + v.message() + " at pc " + v.pc() + where(v),
                        v.log());
            }
            if (e.retval().isEmpty()) {
                if (!e.messages().isEmpty() || !e.unchecked().isEmpty()) {
                    return CTestResult.skipped(test, "accepted by the verifier; " + uncheckable(e) + " cannot be checked", List.of());
                }
                return CTestResult.passed(test, List.of());
            }
        }
        ProgramType type = spec.program(program).type();
        Optional<ReturnCodes> family = type.returnCodes();
        long expected;
        try {
            expected = expected(e.retval().get(), family);
        } catch (IllegalArgumentException x) {
            return CTestResult.failed(test, x.getMessage(), List.of());
        }
        ContextType context = object.contextType(program);
        RunInput input;
        if (context == ContextType.XDP) {
            input = XdpInput.of(new byte[TEST_DATA_LEN]);
        } else if (context.isSkb()) {
            input = SkbInput.fromTestRun(new byte[TEST_DATA_LEN], null);
        } else if (type == ProgramType.SYSCALL || type == ProgramType.TRACING) {
            // test_loader clears its options for syscall programs: bpf_prog_test_run_syscall refuses data_in;
            // bpf_prog_test_run_tracing ignores the data test_loader passes
            input = new RawInput(new byte[0]);
        } else if (context == ContextType.NETFILTER) {
            // test_loader passes data_in without ctx_in: bpf_prog_test_run_nf's defaults, NF_INET_LOCAL_OUT and IPv4
            input = NetfilterInput.of(new byte[TEST_DATA_LEN]);
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
        if (!e.messages().isEmpty() || !e.unchecked().isEmpty()) {
            return CTestResult.skipped(test, "__retval held; " + uncheckable(e) + " cannot be checked", log);
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

    /**
     * What a passing program's tags ask that is not checked: {@code __msg} on an accepted program
     * (test_loader matches it against the kernel's full log, which this verifier does not write) and
     * tags this runner does not know.
     */
    /**
     * The object read again with its CO-RE relocations resolved against the BTF of a file beside it
     * (raw BTF, or an object file whose BTF is taken), as libbpf's {@code btf_custom_path} does.
     */
    private static ObjectSpec withCoreTarget(ObjectSpec spec, String btfPath) {
        Path origin = spec.origin().orElseThrow(() -> new EbpfException(
                "the object was not read from a file, so there is no directory to find the BTF file in"));
        Path file = origin.resolveSibling(btfPath);
        if (!Files.isRegularFile(file)) {
            throw new EbpfException("no file " + file);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            CoreTarget target = bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F'
                    ? CoreTarget.of(ObjectSpec.parse(file.getFileName().toString(), bytes, CoreTarget.objectBtf()).btf()
                            .orElseThrow(() -> new EbpfException(file + " has no BTF")))
                    : CoreTarget.file(file);
            return ObjectSpec.parse(spec.fileName(), Files.readAllBytes(origin), target).withOrigin(origin);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read " + x.getMessage(), x);
        }
    }

    private static String uncheckable(Expectations e) {
        List<String> parts = new ArrayList<>();
        e.messages().forEach(m -> parts.add("__msg(\"" + m + "\") (the kernel's full verifier log is not reproduced)"));
        e.unchecked().forEach(u -> parts.add(u + " (not supported by this runner)"));
        return String.join(", ", parts);
    }

    private static String where(Verification v) {
        return v.line().filter(SourceLine::hasLine).map(l -> " [" + fileName(l.file()) + ":" + l.line() + "]").orElse("");
    }

    /** The file's name without its directories, which are where the object was built, not where it is read. */
    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String describe(long value, Optional<ReturnCodes> family) {
        return family.flatMap(f -> f.kernelName(value)).map(name -> name + " (" + (int) value + ")").orElse(Integer.toString((int) value));
    }
}
