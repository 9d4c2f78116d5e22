package org.ebpftest.runtime.coverage;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.runtime.vm.Execution;
import org.ebpftest.runtime.vm.Probe;
import org.ebpftest.runtime.vm.Program;

/**
 * The probe that counts one run: each instruction executed and, for each conditional jump, which
 * way it went (told by the next instruction the run reaches, which a jump never leaves its program
 * or frame for). It counts into arrays of its own and adds them to the collector when the run ends
 * ({@link #finish()}), so runs on several threads add up exactly.
 *
 * <p>Tail calls and callbacks are followed: each program met gets its own counts.
 */
public final class CoverageRun implements Probe {
    private final CoverageCollector collector;
    private final List<Counts> all = new ArrayList<>(2);
    private Program currentProgram;
    private Counts current;
    /** The slot of a conditional jump just executed, whose outcome the next instruction tells; -1 when none. */
    private int pendingJump = -1;

    CoverageRun(CoverageCollector collector) {
        this.collector = collector;
    }

    @Override
    public void beforeInstruction(Execution execution) {
        int pc = execution.pc();
        Counts c = current;
        if (pendingJump >= 0) {
            if (pc == pendingJump + 1) {
                c.fallThrough[pendingJump]++;
            } else {
                c.taken[pendingJump]++;
            }
            pendingJump = -1;
        }
        Program p = execution.program();
        if (p != currentProgram) {
            c = switchTo(p);
        }
        c.hits[pc]++;
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

    /** Adds this run's counts to the collector; call once, when the run has ended however it ended. */
    public void finish() {
        for (Counts c : all) {
            c.layout.counts.add(c.hits, c.taken, c.fallThrough);
        }
        all.clear();
        collector.markChanged();
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
}
