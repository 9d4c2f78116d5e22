package org.ebpftest.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.ebpftest.packet.pcap.PcapRecord;
import org.ebpftest.packet.pcap.PcapWriter;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.RunInput;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.snapshot.ObjectSnapshot;

/**
 * Golden files for one test: runs a program, writes down everything the run did, and compares that
 * with the file recorded earlier. Inject it as a parameter or a field of type {@code Golden} in any
 * class with {@link BpfObject @BpfObject}.
 *
 * <pre>{@code
 * @Test
 * void countsAKnownFlow(@ObjectProgram("count") BpfProgram count, Golden golden) {
 *     golden.check(count, frame);              // src/test/golden/<class>/countsAKnownFlow.json
 *     golden.check("second", count, frame);    // src/test/golden/<class>/countsAKnownFlow-second.json
 * }
 * }</pre>
 *
 * <p>A check takes a snapshot of the object's maps, runs the program once, takes another, and
 * records the input frame, the return value and its action name, the output frame, the redirect,
 * the entries the run added, changed and removed (per CPU for per-CPU maps, with BTF field names
 * where the object has BTF), the printed lines and the ring-buffer and perf-event records the run
 * produced, as pretty-printed JSON. The input and output frames also go into a classic pcap file
 * next to it. Records are copied, not consumed: the test can still drain them.
 *
 * <p>Without {@value #UPDATE_PARAMETER}, a check fails with {@link org.opentest4j.AssertionFailedError}
 * when the file is missing or differs (the message holds a unified diff); with
 * {@code -D}{@value #UPDATE_PARAMETER}{@code =true}, or that JUnit configuration parameter, it
 * writes the files and passes. Files live under {@value #DEFAULT_DIRECTORY} in the working
 * directory, or under {@value #DIRECTORY_PARAMETER}: one directory per test class (its binary
 * name, {@code $} written as {@code .}), one file per test method and check name, and for
 * parameterized and repeated tests one directory per method with a file per invocation.
 */
public final class Golden {
    /** The configuration parameter (or system property) that, set to {@code true}, writes golden files instead of comparing. */
    public static final String UPDATE_PARAMETER = "ebpftest.golden.update";
    /** The configuration parameter (or system property) naming the directory golden files live in. */
    public static final String DIRECTORY_PARAMETER = "ebpftest.golden.dir";
    /** Where golden files live by default, relative to the working directory (under Maven, the module). */
    public static final String DEFAULT_DIRECTORY = "src/test/golden";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path base;
    private final boolean update;
    private final Consumer<String> report;
    private final Set<Path> checked = new HashSet<>();

    Golden(Path base, boolean update, Consumer<String> report) {
        this.base = base;
        this.update = update;
        this.report = report;
    }

    /**
     * Runs the program once on a frame, as {@link BpfProgram#run(byte[])} does, and checks the run
     * against this test's golden file.
     *
     * @return the run, for further assertions
     * @throws org.opentest4j.AssertionFailedError if the golden file is missing or differs
     * @throws IllegalArgumentException if the program does not run on frames, or this test checked that file already
     */
    public RunResult check(BpfProgram program, byte[] frame) {
        return check("", program, frame);
    }

    /**
     * Like {@link #check(BpfProgram, byte[])}, with a name that tells this check's file from the
     * test's other checks: {@code <test method>-<name>.json}. Names are letters, digits, {@code .},
     * {@code _} and {@code -}; the empty name is the unnamed check.
     */
    public RunResult check(String name, BpfProgram program, byte[] frame) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(frame, "frame");
        ContextType type = program.contextType();
        if (type == ContextType.XDP) {
            return record(name, program, XdpInput.of(frame));
        }
        if (type.isSkb()) {
            return record(name, program, SkbInput.of(frame));
        }
        throw new IllegalArgumentException("golden files record runs on frames, but program [" + program.name() + "] in ["
                + program.object().spec().fileName() + "] runs on raw context bytes");
    }

    /** Runs an XDP program once on an input with metadata or a receiving interface, and checks the run. */
    public RunResult check(BpfProgram program, XdpInput input) {
        return check("", program, input);
    }

    /** Runs an XDP program once on an input, and checks the run against the file of that name. */
    public RunResult check(String name, BpfProgram program, XdpInput input) {
        Objects.requireNonNull(program, "program");
        return record(name, program, Objects.requireNonNull(input, "input"));
    }

    /** Runs a tc, socket-filter or cgroup-skb program once on an input with {@code __sk_buff} fields, and checks the run. */
    public RunResult check(BpfProgram program, SkbInput input) {
        return check("", program, input);
    }

    /** Runs a socket-buffer program once on an input, and checks the run against the file of that name. */
    public RunResult check(String name, BpfProgram program, SkbInput input) {
        Objects.requireNonNull(program, "program");
        return record(name, program, Objects.requireNonNull(input, "input"));
    }

    /**
     * The JSON file of the unnamed check; the capture file is next to it, ending in {@code .pcap}
     * instead.
     */
    public Path file() {
        return file("");
    }

    /**
     * The JSON file of the check with that name.
     *
     * @throws IllegalArgumentException if the name cannot be part of a file name
     */
    public Path file(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("golden check name [" + name + "] may hold only letters, digits, '.', '_' and '-', "
                    + "and must start with a letter or digit: it becomes part of a file name");
        }
        String stem = base.getFileName().toString();
        return base.resolveSibling(name.isEmpty() ? stem + ".json" : stem + "-" + name + ".json");
    }

    /** True when checks write their files instead of comparing ({@value #UPDATE_PARAMETER}). */
    public boolean updating() {
        return update;
    }

    private synchronized RunResult record(String name, BpfProgram program, RunInput input) {
        Path json = file(name);
        if (!checked.add(json)) {
            throw new IllegalArgumentException("golden file [" + GoldenFiles.show(json) + "] was already checked in this test; "
                    + "give each check its own name, such as golden.check(\"second\", program, frame)");
        }
        LoadedObject object = program.object();
        ObjectSnapshot before;
        ObjectSnapshot after;
        RunResult result;
        synchronized (object) {
            before = ObjectSnapshot.of(object);
            result = program.run(input);
            after = ObjectSnapshot.of(object);
        }
        String text = GoldenJson.write(GoldenRecord.of(program, input, result, before, after, recordedSideEffects(json, result)));
        byte[] capture = capture(GoldenRecord.frames(program.contextType(), input, result));
        String run = "[" + program.name() + "] in [" + object.spec().fileName() + "]";
        if (update) {
            report.accept(GoldenFiles.write(json, text, capture));
        } else {
            GoldenFiles.verify(json, text, capture, run);
        }
        return result;
    }

    /**
     * For a kernel run, which reports no redirect, clones or printed lines: the golden file as
     * recorded, whose values for those stand in for the run's, so that everything else the kernel
     * reports is compared. Golden files are written from the emulator's runs only, where every
     * part is known.
     */
    private Map<String, Object> recordedSideEffects(Path json, RunResult result) {
        if (result.recordsSideEffects()) {
            return Map.of();
        }
        if (update) {
            throw new IllegalStateException("golden file [" + GoldenFiles.show(json) + "] cannot be written from a kernel run, which reports no "
                    + "redirect or printed lines: update golden files under ebpftest.backend=emulator or both");
        }
        if (!Files.isRegularFile(json)) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> recorded = new ObjectMapper().readValue(json.toFile(), LinkedHashMap.class);
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file [" + GoldenFiles.show(json) + "]", e);
        }
    }

    /**
     * The classic pcap file beside a golden file, which Wireshark and tcpdump open: the frames in
     * order, the n-th (from 0) stamped n microseconds after the epoch, so that the file never
     * depends on when it was written.
     */
    private static byte[] capture(List<byte[]> frames) {
        List<PcapRecord> records = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            records.add(PcapRecord.of(i * 1_000L, frames.get(i)));
        }
        return PcapWriter.pcap().write(records);
    }

    @Override
    public String toString() {
        return "Golden[" + GoldenFiles.show(file()) + (update ? ", updating" : "") + "]";
    }
}
