package org.ebpftest.runtime.coverage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.ebpftest.runtime.btf.FuncInfo;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.elf.ProgramSpec;
import org.ebpftest.runtime.vm.Program;

/**
 * Counts what the runs of programs executed, per object and program, for a coverage report: each
 * instruction's executions and each conditional jump's two outcomes. Runs of the same program of
 * the same object file add up, however many times the object was loaded. Thread-safe.
 *
 * <p>{@link Coverage} holds the collector every emulated run of the JVM counts into when coverage
 * is on; a test may make its own and {@link Coverage#collectInto collect into it}.
 */
public final class CoverageCollector {
    /** Programs as they run, to their layout; weak, as each load links new programs. */
    private final Map<Program, ProgramLayout> byProgram = new WeakHashMap<>();
    /** One layout per object, program and instructions, in the order first seen. */
    private final Map<String, ProgramLayout> byKey = new LinkedHashMap<>();
    /** The paths each object was read from, by object key. */
    private final Map<String, Set<Path>> origins = new HashMap<>();
    private volatile boolean changed;

    /**
     * Tells the collector which object the programs of a load came from, so that their runs count
     * under the object's path and their functions are known. Programs run without being registered
     * count under their own name.
     */
    public void register(ObjectSpec object, Map<String, Program> programs) {
        Objects.requireNonNull(object, "object");
        synchronized (this) {
            ProgramLayout.ObjectIdentity identity = identity(object);
            for (Program p : programs.values()) {
                List<FuncInfo> functions = object.findProgram(p.name()).map(ProgramSpec::functions).orElse(List.of());
                byProgram.put(p, shared(identity, p, functions));
            }
        }
        changed = true;
    }

    /** A probe for one run; {@link CoverageRun#finish()} adds what it counted here. */
    public CoverageRun startRun() {
        return new CoverageRun(this, true, false);
    }

    /**
     * The report of everything counted so far, with C sources looked up through {@code sources}.
     */
    public CoverageReport report(SourceLocator sources) {
        List<ProgramLayout> layouts;
        synchronized (this) {
            layouts = new ArrayList<>(byKey.values());
        }
        changed = false;
        return CoverageReport.of(layouts, sources);
    }

    /** True when a run or a load was counted since the last {@link #report}. */
    public boolean changedSinceReport() {
        return changed;
    }

    void markChanged() {
        changed = true;
    }

    synchronized ProgramLayout layout(Program p) {
        ProgramLayout layout = byProgram.get(p);
        if (layout == null) {
            layout = shared(new ProgramLayout.ObjectIdentity("program:" + p.name(), "(program " + p.name() + ", no object)", Set.of()), p,
                    List.of());
            byProgram.put(p, layout);
        }
        return layout;
    }

    private ProgramLayout shared(ProgramLayout.ObjectIdentity identity, Program p, List<FuncInfo> functions) {
        String key = ProgramLayout.key(identity, p);
        return byKey.computeIfAbsent(key, k -> new ProgramLayout(identity, p, functions));
    }

    /**
     * An object is known by its file name and its programs' instructions, so that the copies of one
     * object (beside its sources, on the class path) count as one; the paths it was read from are
     * kept, in order, to name it and to look for its sources beside each.
     */
    private ProgramLayout.ObjectIdentity identity(ObjectSpec object) {
        int content = 1;
        for (ProgramSpec p : object.programs()) {
            content = 31 * (31 * content + p.name().hashCode()) + p.instructions().hashCode();
        }
        String key = "object:" + object.fileName() + ":" + Integer.toHexString(content);
        Set<Path> files = origins.computeIfAbsent(key, k -> new ConcurrentSkipListSet<>());
        object.origin().ifPresent(files::add);
        return new ProgramLayout.ObjectIdentity(key, object.fileName(), files);
    }
}
