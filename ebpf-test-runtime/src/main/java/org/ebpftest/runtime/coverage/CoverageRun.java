package org.ebpftest.runtime.coverage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.isa.SourceLine;
import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.Probe;
import org.ebpftest.runtime.vm.Program;

/**
 * The probe of one run while coverage or path recording is on: it counts each instruction executed
 * and, for each conditional jump, which way it went (told by the next instruction the run reaches,
 * which a jump never leaves its program or frame for), and it records the {@link RunPath} when
 * asked. It counts into arrays of its own and adds them to the collector when the run ends
 * ({@link #finish()}), so runs on several threads add up exactly.
 *
 * <p>Tail calls and callbacks are followed: each program met gets its own counts.
 */
public final class CoverageRun implements Probe {
    private final CoverageCollector collector;
    private final boolean counting;
    private final PathBuilder path;
    private final List<Counts> all = new ArrayList<>(2);
    private Program currentProgram;
    private Counts current;
    /** The slot of a conditional jump just executed, whose outcome the next instruction tells; -1 when none. */
    private int pendingJump = -1;

    /**
     * @param collector where the layouts of programs come from, and the counts go when {@code counting}
     * @param counting whether this run's counts are added to the collector
     * @param recordPath whether the run's path is recorded
     */
    CoverageRun(CoverageCollector collector, boolean counting, boolean recordPath) {
        this.collector = collector;
        this.counting = counting;
        this.path = recordPath ? new PathBuilder() : null;
    }

    @Override
    public void beforeInstruction(Execution execution) {
        int pc = execution.pc();
        Counts c = current;
        if (pendingJump >= 0) {
            boolean fellThrough = pc == pendingJump + 1;
            if (fellThrough) {
                c.fallThrough[pendingJump]++;
            } else {
                c.taken[pendingJump]++;
            }
            if (path != null) {
                path.jumped(fellThrough ? RunPath.Outcome.FELL_THROUGH : RunPath.Outcome.JUMPED);
            }
            pendingJump = -1;
        }
        Program p = execution.program();
        if (p != currentProgram) {
            c = switchTo(p);
        }
        c.hits[pc]++;
        if (path != null) {
            path.at(c.layout, pc);
        }
        if (c.jumpTarget[pc] >= 0) {
            pendingJump = pc;
        }
    }

    private Counts switchTo(Program p) {
        currentProgram = p;
        for (Counts c : all) {
            if (c.program == p) {
                current = c;
                return c;
            }
        }
        current = new Counts(p, collector.layout(p));
        all.add(current);
        return current;
    }

    /**
     * Adds this run's counts to the collector (when counting); call once, when the run has ended
     * however it ended.
     *
     * @return the run's path, or null when it was not recorded
     */
    public RunPath finish() {
        if (counting) {
            for (Counts c : all) {
                c.layout.counts.add(c.hits, c.taken, c.fallThrough);
            }
            collector.markChanged();
        }
        all.clear();
        return path == null ? null : path.build();
    }

    /** One program's counts in this run. */
    private static final class Counts {
        final Program program;
        final ProgramLayout layout;
        final int[] jumpTarget;
        final long[] hits;
        final long[] taken;
        final long[] fallThrough;

        Counts(Program program, ProgramLayout layout) {
            this.program = program;
            this.layout = layout;
            this.jumpTarget = layout.jumpTarget;
            int slots = layout.lines.length;
            hits = new long[slots];
            taken = new long[slots];
            fallThrough = new long[slots];
        }
    }

    /** The steps of a path as the run makes them: a new one each time it enters another C line. */
    private static final class PathBuilder {
        private final ArrayDeque<Step> steps = new ArrayDeque<>();
        private long dropped;
        private Step current;
        private Step jumpStep;

        void at(ProgramLayout layout, int pc) {
            SourceLine line = layout.lines[pc];
            if (line != null && (current == null || !current.program.equals(layout.program) || current.line.line() != line.line()
                    || !current.line.file().equals(line.file()))) {
                current = new Step(layout.program, line);
                steps.addLast(current);
                if (steps.size() > RunPath.MAX_STEPS) {
                    steps.removeFirst();
                    dropped++;
                }
            }
            if (layout.jumpTarget[pc] >= 0) {
                jumpStep = current;
            }
        }

        void jumped(RunPath.Outcome outcome) {
            if (jumpStep != null) {
                jumpStep.outcomes.add(outcome);
                jumpStep = null;
            }
        }

        RunPath build() {
            List<RunPath.Step> out = new ArrayList<>(steps.size());
            for (Step s : steps) {
                out.add(new RunPath.Step(s.program, s.line, s.outcomes));
            }
            return new RunPath(out, dropped);
        }

        private static final class Step {
            final String program;
            final SourceLine line;
            final List<RunPath.Outcome> outcomes = new ArrayList<>(1);

            Step(String program, SourceLine line) {
                this.program = program;
                this.line = line;
            }
        }
    }
}
