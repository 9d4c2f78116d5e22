package org.ebpftest.runtime.coverage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.isa.Disassembler;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * What the runs counted, by object, C file and line: the model behind {@code lcov.info} and
 * {@code index.html}. A line's count is the number of times its most executed instruction ran
 * (summed over the programs that contain it); each conditional jump on a line is a branch with two
 * outcomes, the jump taken and the fall through, as the compiled code decides them (the compiler
 * may have inverted the C condition, so "taken" is not always the C condition's "true").
 */
public final class CoverageReport {
    /** The name of the LCOV file in a report directory. */
    public static final String LCOV_FILE = "lcov.info";
    /** The name of the HTML file in a report directory. */
    public static final String HTML_FILE = "index.html";

    private final List<ObjectCoverage> objects;

    private CoverageReport(List<ObjectCoverage> objects) {
        this.objects = List.copyOf(objects);
    }

    /** The objects whose programs ran or were loaded, by name. */
    public List<ObjectCoverage> objects() {
        return objects;
    }

    /** The object with a name ({@link ObjectCoverage#name()}), if the report has it. */
    public Optional<ObjectCoverage> object(String name) {
        return objects.stream().filter(o -> o.name().equals(name) || o.name().endsWith("/" + name)).findFirst();
    }

    /** The sums over every object. */
    public Totals totals() {
        Totals t = Totals.NONE;
        for (ObjectCoverage o : objects) {
            t = t.plus(o.totals());
        }
        return t;
    }

    /** The report in LCOV's tracefile format, as genhtml and CI coverage plugins read it. */
    public String lcov() {
        return LcovFormat.write(this);
    }

    /** The report as one self-contained HTML page (no scripts, no external files). */
    public String html() {
        return HtmlReport.write(this);
    }

    /**
     * Writes {@value #LCOV_FILE} and {@value #HTML_FILE} into a directory, creating it.
     *
     * @throws UncheckedIOException if they cannot be written
     */
    public void writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(LCOV_FILE), lcov(), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(HTML_FILE), html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the coverage report to " + directory, e);
        }
    }

    static CoverageReport of(List<ProgramLayout> layouts, SourceLocator sources) {
        Map<String, List<ProgramLayout>> byObject = new LinkedHashMap<>();
        for (ProgramLayout l : layouts) {
            byObject.computeIfAbsent(l.object.key(), k -> new ArrayList<>()).add(l);
        }
        List<ObjectCoverage> objects = new ArrayList<>();
        for (List<ProgramLayout> programs : byObject.values()) {
            objects.add(object(programs, sources));
        }
        objects.sort(Comparator.comparing(ObjectCoverage::name));
        return new CoverageReport(objects);
    }

    private static ObjectCoverage object(List<ProgramLayout> programs, SourceLocator sources) {
        ProgramLayout.ObjectIdentity identity = programs.get(0).object;
        Map<String, FileBuilder> files = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (ProgramLayout p : programs) {
            if (!names.contains(p.program)) {
                names.add(p.program);
            }
            long[][] counts = p.counts.snapshot();
            long[] hits = counts[0];
            for (int pc = 0; pc < p.lines.length; pc++) {
                SourceLine line = p.lines[pc];
                if (line == null) {
                    continue;
                }
                FileBuilder file = files.computeIfAbsent(line.file(), FileBuilder::new);
                file.instruction(p, line.line(), hits[pc]);
                if (p.jumpTarget[pc] >= 0) {
                    String text = Disassembler.format(p.code.instructionAt(pc));
                    file.branch(line.line(), new BranchCoverage(p.program, pc, text, hits[pc], counts[1][pc], counts[2][pc]));
                }
            }
            for (FuncInfo f : p.functions) {
                SourceLine line = f.slot() < p.lines.length ? p.lines[f.slot()] : null;
                if (line != null) {
                    files.computeIfAbsent(line.file(), FileBuilder::new).function(f.name(), line.line(), hits[f.slot()]);
                }
            }
        }
        List<FileCoverage> built = new ArrayList<>();
        for (FileBuilder f : files.values()) {
            built.add(f.build(List.copyOf(identity.files()), sources));
        }
        Optional<Path> file = identity.files().stream().findFirst();
        return new ObjectCoverage(identity.name(), file, names, built);
    }

    /** Gathers one C file's lines over the programs of an object. */
    private static final class FileBuilder {
        final String name;
        final TreeMap<Integer, Long> lines = new TreeMap<>();
        final Map<Integer, List<BranchCoverage>> branches = new TreeMap<>();
        final Map<String, FunctionCoverage> functions = new LinkedHashMap<>();
        /** The line counts of the program being added, kept apart so that its count is a maximum, not a sum. */
        ProgramLayout program;
        final Map<Integer, Long> programMax = new TreeMap<>();

        FileBuilder(String name) {
            this.name = name;
        }

        void instruction(ProgramLayout p, int line, long hits) {
            if (p != program) {
                flush();
                program = p;
            }
            programMax.merge(line, hits, Math::max);
        }

        void branch(int line, BranchCoverage b) {
            branches.computeIfAbsent(line, k -> new ArrayList<>()).add(b);
        }

        void function(String fn, int line, long hits) {
            functions.merge(fn, new FunctionCoverage(fn, line, hits), (a, b) -> new FunctionCoverage(fn, a.line(), a.hits() + b.hits()));
        }

        private void flush() {
            programMax.forEach((line, hits) -> lines.merge(line, hits, Long::sum));
            programMax.clear();
        }

        FileCoverage build(List<Path> objectFiles, SourceLocator sources) {
            flush();
            List<LineCoverage> out = new ArrayList<>();
            lines.forEach((line, hits) -> out.add(new LineCoverage(line, hits, branches.getOrDefault(line, List.of()))));
            Optional<Path> source = Optional.empty();
            for (Path objectFile : objectFiles) {
                source = source.or(() -> sources.find(name, objectFile));
            }
            source = source.or(() -> sources.find(name, null));
            Path objectFile = objectFiles.isEmpty() ? null : objectFiles.get(0);
            String lcovPath = source.map(Path::toString).orElseGet(() -> {
                Path p = Path.of(name);
                return objectFile != null && !p.isAbsolute() ? objectFile.resolveSibling(p).normalize().toString() : name;
            });
            List<FunctionCoverage> fns = new ArrayList<>(functions.values());
            fns.sort(Comparator.comparingInt(FunctionCoverage::line));
            return new FileCoverage(name, source, lcovPath, fns, out);
        }
    }

    /**
     * One object's coverage.
     *
     * @param name the first path the object was read from (copies with the same content count as
     *     one object), relative to the working directory (absolute outside it), or its file name
     *     when it was only parsed from bytes
     * @param file that path, when known
     * @param programs the programs that ran or were loaded
     * @param files the C files of their line info, by name
     */
    public record ObjectCoverage(String name, Optional<Path> file, List<String> programs, List<FileCoverage> files) {
        /** The sums over the object's files. */
        public Totals totals() {
            Totals t = Totals.NONE;
            for (FileCoverage f : files) {
                t = t.plus(f.totals());
            }
            return t;
        }

        /** The file whose line-info name ends with {@code name} ({@code xdp_fw.c} finds {@code ./xdp_fw.c}). */
        public Optional<FileCoverage> file(String name) {
            return files.stream().filter(f -> f.name().equals(name) || f.name().endsWith("/" + name)).findFirst();
        }
    }

    /**
     * One C file's coverage within an object.
     *
     * @param name the file as line info names it
     * @param source the source file found for it (see {@link SourceLocator}), empty when none was
     * @param lcovPath the path LCOV's {@code SF} record gives: the source found, else the name
     *     resolved against the object's directory
     * @param functions the functions that start in this file
     * @param lines the lines with code, in order
     */
    public record FileCoverage(String name, Optional<Path> source, String lcovPath, List<FunctionCoverage> functions,
            List<LineCoverage> lines) {
        /** The line with a number, if it has code. */
        public Optional<LineCoverage> line(int number) {
            return lines.stream().filter(l -> l.line() == number).findFirst();
        }

        /** Lines, branch outcomes and functions found and hit. */
        public Totals totals() {
            int hitLines = 0;
            int outcomes = 0;
            int hitOutcomes = 0;
            for (LineCoverage l : lines) {
                hitLines += l.hits() > 0 ? 1 : 0;
                for (BranchCoverage b : l.branches()) {
                    outcomes += 2;
                    hitOutcomes += (b.taken() > 0 ? 1 : 0) + (b.fallThrough() > 0 ? 1 : 0);
                }
            }
            int hitFunctions = (int) functions.stream().filter(f -> f.hits() > 0).count();
            return new Totals(lines.size(), hitLines, outcomes, hitOutcomes, functions.size(), hitFunctions);
        }
    }

    /** Whether a line ran, and whether every branch on it went both ways. */
    public enum LineStatus {
        /** Ran, and each of its branches went both ways. */
        HIT,
        /** Ran, but some branch on it went only one way (or never ran). */
        PARTLY,
        /** Never ran. */
        MISSED
    }

    /**
     * One C line with code.
     *
     * @param line the line number
     * @param hits how often its most executed instruction ran, summed over programs
     * @param branches the conditional jumps compiled from it
     */
    public record LineCoverage(int line, long hits, List<BranchCoverage> branches) {
        /** Hit, partly covered or missed. */
        public LineStatus status() {
            if (hits == 0) {
                return LineStatus.MISSED;
            }
            return branches.stream().allMatch(b -> b.taken() > 0 && b.fallThrough() > 0) ? LineStatus.HIT : LineStatus.PARTLY;
        }
    }

    /**
     * A conditional jump and how often it went each way.
     *
     * @param program the program it is in
     * @param pc its slot in the program
     * @param instruction the jump, disassembled
     * @param executed how often it executed
     * @param taken how often it jumped
     * @param fallThrough how often it went on to the next instruction
     */
    public record BranchCoverage(String program, int pc, String instruction, long executed, long taken, long fallThrough) {
    }

    /**
     * A function (from BTF func info) and how often it was entered.
     *
     * @param name its name
     * @param line the line of its first instruction
     * @param hits how often its first instruction ran
     */
    public record FunctionCoverage(String name, int line, long hits) {
    }

    /**
     * Counts found and hit, as LCOV's {@code LF/LH}, {@code BRF/BRH} and {@code FNF/FNH} give them.
     *
     * @param lines lines with code
     * @param linesHit those that ran
     * @param branches branch outcomes (two per conditional jump)
     * @param branchesHit outcomes that happened
     * @param functions functions
     * @param functionsHit functions entered
     */
    public record Totals(int lines, int linesHit, int branches, int branchesHit, int functions, int functionsHit) {
        static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0);

        Totals plus(Totals o) {
            return new Totals(lines + o.lines, linesHit + o.linesHit, branches + o.branches, branchesHit + o.branchesHit,
                    functions + o.functions, functionsHit + o.functionsHit);
        }

        /** {@code 12/14 (85.7%)}, or {@code 0/0} when there is nothing to count. */
        static String ratio(int hit, int found) {
            return found == 0 ? "0/0" : hit + "/" + found + String.format(java.util.Locale.ROOT, " (%.1f%%)", 100.0 * hit / found);
        }

        /** Lines, branches and functions as ratios, for a summary line. */
        @Override
        public String toString() {
            return "lines " + ratio(linesHit, lines) + ", branches " + ratio(branchesHit, branches) + ", functions "
                    + ratio(functionsHit, functions);
        }
    }
}
