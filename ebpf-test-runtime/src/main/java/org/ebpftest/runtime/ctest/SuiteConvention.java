package org.ebpftest.runtime.ctest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.MalformedObjectException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.elf.ProgramType;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;

/**
 * Cilium's PKTGEN/SETUP/CHECK convention, as its {@code bpf/tests/bpftest} runner applies it: a
 * test is the programs whose sections read {@code <type>/test/<name>/pktgen|setup|check}; tests
 * run in name order on one loaded object, so maps persist from test to test; PKTGEN runs on 3520
 * zero bytes (a page less head- and tailroom) and, for tc, a zeroed 256-byte {@code __sk_buff};
 * SETUP runs on PKTGEN's packet and context; CHECK on SETUP's return value as four native-endian
 * bytes followed by SETUP's packet (or on PKTGEN's packet when there is no SETUP). CHECK's return
 * value and the {@code suite_result_map2} entries it wrote are the result; afterwards the result
 * map and {@code mock_skb_meta_map} are cleared, as the runner clears them.
 */
final class SuiteConvention {
    private static final Pattern SECTION = Pattern.compile("[^/]+/test/([^/]+)/(check|setup|pktgen)");
    /** A page, less the headroom and tailroom test_run keeps around a packet. */
    static final int DATA_SIZE = 4096 - 256 - 320;
    /** The context the runner gives tc programs: more than {@code sizeof(struct __sk_buff)}, zeroed. */
    static final int SKB_CONTEXT_SIZE = 256;
    static final String RESULT_MAP = "suite_result_map2";
    static final String PROTOBUF_RESULT_MAP = "suite_result_map";
    static final String MOCK_SKB_MAP = "mock_skb_meta_map";

    static final int ERROR = 100;
    static final int PASS = 101;
    static final int FAIL = 102;
    static final int SKIP = 103;

    /* The layout of struct suite_test_result, the value of suite_result_map2. */
    private static final int VALID = 0;
    private static final int NAME = 4;
    private static final int TEXT = 256;
    private static final int RESULT = NAME + TEXT;
    private static final int LOG_COUNT = RESULT + 4;
    private static final int LOGS = LOG_COUNT + 4;

    private SuiteConvention() {
    }

    /** The programs of one test: PKTGEN and SETUP may be missing, CHECK may not. */
    private record Set(String pktgen, String setup, String check) {
        Set with(String phase, String program) {
            return switch (phase) {
                case "pktgen" -> new Set(program, setup, check);
                case "setup" -> new Set(pktgen, program, check);
                default -> new Set(pktgen, setup, program);
            };
        }

        String get(String phase) {
            return switch (phase) {
                case "pktgen" -> pktgen;
                case "setup" -> setup;
                default -> check;
            };
        }
    }

    /**
     * The object's tests, in name order; empty when no section follows the convention.
     *
     * @throws MalformedObjectException when a test has two programs for one phase, or no CHECK
     */
    static List<CTest> tests(ObjectSpec spec) {
        Map<String, Set> sets = new TreeMap<>();
        for (ProgramSpec p : spec.programs()) {
            Matcher m = SECTION.matcher(p.sectionName());
            if (!m.find()) {
                continue;
            }
            Set set = sets.getOrDefault(m.group(1), new Set(null, null, null));
            if (set.get(m.group(2)) != null) {
                throw new MalformedObjectException(spec.fileName() + ": test \"" + m.group(1) + "\" has two " + m.group(2).toUpperCase()
                        + " programs: " + set.get(m.group(2)) + " and " + p.name());
            }
            sets.put(m.group(1), set.with(m.group(2), p.name()));
        }
        List<CTest> tests = new ArrayList<>();
        sets.forEach((name, set) -> {
            if (set.check() == null) {
                throw new MalformedObjectException(spec.fileName() + ": test \"" + name + "\" has no CHECK program (section \"<type>/test/"
                        + name + "/check\")");
            }
            List<String> programs = new ArrayList<>();
            Optional.ofNullable(set.pktgen()).ifPresent(programs::add);
            Optional.ofNullable(set.setup()).ifPresent(programs::add);
            programs.add(set.check());
            tests.add(new CTest(name, name, programs, Optional.of(spec.program(set.check()).sourceLineAt(0)).filter(l -> l.hasLine())));
        });
        return tests;
    }

    /** Runs one test on the suite's object, which keeps its maps from the tests before. */
    static CTestResult run(ObjectSpec spec, LoadedObject object, CTest test) {
        try {
            return runPhases(spec, object, test);
        } finally {
            clear(object);
        }
    }

    private static CTestResult runPhases(ObjectSpec spec, LoadedObject object, CTest test) {
        for (String program : test.programs()) {
            ProgramType type = spec.program(program).type();
            if (type != ProgramType.XDP && type != ProgramType.SCHED_CLS && type != ProgramType.SCHED_ACT) {
                return CTestResult.failed(test, "program " + program + " is " + type.bpftoolName()
                        + "; the PKTGEN/SETUP/CHECK runner runs only xdp and tc (sched_cls, sched_act) programs", List.of());
            }
        }
        String check = test.programs().get(test.programs().size() - 1);
        if (object.findMap(RESULT_MAP).isEmpty() && object.findMap(PROTOBUF_RESULT_MAP).isPresent()) {
            return CTestResult.failed(test, "the object writes its results into \"" + PROTOBUF_RESULT_MAP + "\", the older protobuf encoding, which"
                    + " is not decoded yet; Cilium's current bpf/tests/common.h writes \"" + RESULT_MAP + "\"", List.of());
        }
        byte[] data = new byte[DATA_SIZE];
        byte[] context = object.contextType(check) == ContextType.SCHED_CLS ? new byte[SKB_CONTEXT_SIZE] : null;
        List<String> log = new ArrayList<>();
        long status;
        for (String program : test.programs().subList(0, test.programs().size() - 1)) {
            String phase = spec.program(program).sectionName().endsWith("/pktgen") ? "PKTGEN" : "SETUP";
            RunResult r;
            try {
                r = object.run(program, input(object, program, data, context));
            } catch (EbpfException | IllegalArgumentException e) {
                return CTestResult.failed(test, phase + " program " + program + " could not run: " + e.getMessage(), log);
            }
            r.printedMessages().forEach(line -> log.add(phase + ": " + line));
            status = r.retval();
            if (status == ERROR || status == FAIL) {
                return CTestResult.failed(test, phase + " program " + program + " returned " + statusName(status), log);
            }
            data = r.packet();
            context = contextOut(r, context);
            if (phase.equals("SETUP")) {
                byte[] withStatus = new byte[4 + data.length];
                ByteBuffer.wrap(withStatus).order(ByteOrder.LITTLE_ENDIAN).putInt((int) status);
                System.arraycopy(data, 0, withStatus, 4, data.length);
                data = withStatus;
            }
        }
        RunResult r;
        try {
            r = object.run(check, input(object, check, data, context));
        } catch (EbpfException | IllegalArgumentException e) {
            return CTestResult.failed(test, "CHECK program " + check + " could not run: " + e.getMessage(), log);
        }
        r.printedMessages().forEach(line -> log.add("CHECK: " + line));
        return verdict(test, check, r.retval(), results(object), log);
    }

    /** One TEST() inside a CHECK program. */
    private record Entry(String name, int result, List<String> logs) {
    }

    private static CTestResult verdict(CTest test, String check, int status, List<Entry> entries, List<String> log) {
        List<String> failures = new ArrayList<>();
        List<String> skips = new ArrayList<>();
        for (Entry e : entries) {
            log.add(statusWord(e.result()) + " " + e.name());
            e.logs().forEach(line -> log.add("  " + line));
            String what = e.name() + (e.logs().isEmpty() ? "" : ": " + String.join("; ", e.logs()));
            if (e.result() == FAIL || e.result() == ERROR) {
                failures.add(what);
            } else if (e.result() == SKIP) {
                skips.add(what);
            }
        }
        if (!failures.isEmpty()) {
            return CTestResult.failed(test, String.join(" | ", failures), log);
        }
        if (status == FAIL || status == ERROR) {
            return CTestResult.failed(test, "CHECK program " + check + " returned " + statusName(status), log);
        }
        if (status == SKIP) {
            return CTestResult.skipped(test, skips.isEmpty() ? "CHECK program " + check + " returned TEST_SKIP (103)" : String.join(" | ", skips), log);
        }
        return CTestResult.passed(test, log);
    }

    private static RunInput input(LoadedObject object, String program, byte[] data, byte[] context) {
        ContextType type = object.contextType(program);
        if (type == ContextType.XDP) {
            return XdpInput.fromTestRun(data, null);
        }
        return SkbInput.fromTestRun(data, context);
    }

    /** test_run copies the context back into a buffer of the size given, as the runner's is. */
    private static byte[] contextOut(RunResult r, byte[] previous) {
        if (previous == null) {
            return null;
        }
        byte[] out = r.contextOut().orElse(new byte[0]);
        return Arrays.copyOf(out, previous.length);
    }

    /** The valid entries of the result map, in slot order. */
    private static List<Entry> results(LoadedObject object) {
        Optional<BpfMap> map = object.findMap(RESULT_MAP);
        if (map.isEmpty()) {
            return List.of();
        }
        BpfMap results = map.get();
        List<Entry> entries = new ArrayList<>();
        for (int slot = 0; slot < results.maxEntries(); slot++) {
            Optional<byte[]> value = results.lookup(le32(slot));
            if (value.isEmpty() || value.get()[VALID] == 0 || value.get().length < LOGS) {
                continue;
            }
            byte[] v = value.get();
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            int count = Math.min(v[LOG_COUNT] & 0xff, (v.length - LOGS) / TEXT);
            List<String> logs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                logs.add(cString(v, LOGS + i * TEXT, TEXT));
            }
            entries.add(new Entry(cString(v, NAME, TEXT), b.getInt(RESULT), logs));
        }
        return entries;
    }

    /** Zeroes the result map and the mocked skb metadata, as the runner does after every test. */
    private static void clear(LoadedObject object) {
        object.findMap(RESULT_MAP).ifPresent(m -> {
            for (int slot = 0; slot < m.maxEntries(); slot++) {
                m.update(le32(slot), new byte[m.valueSize()], 0);
            }
        });
        for (String name : List.of(PROTOBUF_RESULT_MAP, MOCK_SKB_MAP)) {
            object.findMap(name).ifPresent(m -> m.update(le32(0), new byte[m.valueSize()], 0));
        }
    }

    static String statusName(long status) {
        return switch ((int) status) {
            case ERROR -> "TEST_ERROR (100)";
            case PASS -> "TEST_PASS (101)";
            case FAIL -> "TEST_FAIL (102)";
            case SKIP -> "TEST_SKIP (103)";
            default -> Long.toString(status);
        };
    }

    private static String statusWord(int result) {
        return switch (result) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case SKIP -> "SKIP";
            case ERROR -> "ERROR";
            default -> "status " + result;
        };
    }

    private static String cString(byte[] b, int offset, int max) {
        int end = offset;
        while (end < offset + max && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
