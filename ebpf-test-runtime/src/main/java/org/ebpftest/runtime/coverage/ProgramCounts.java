package org.ebpftest.runtime.coverage;

/**
 * The counts of every run of one program so far, by slot: how often each instruction executed and
 * how often each conditional jump was taken or fell through. Runs add theirs when they end.
 */
final class ProgramCounts {
    private final long[] hits;
    private final long[] taken;
    private final long[] fallThrough;

    ProgramCounts(int slots) {
        hits = new long[slots];
        taken = new long[slots];
        fallThrough = new long[slots];
    }

    synchronized void add(long[] runHits, long[] runTaken, long[] runFallThrough) {
        for (int i = 0; i < hits.length; i++) {
            hits[i] += runHits[i];
            taken[i] += runTaken[i];
            fallThrough[i] += runFallThrough[i];
        }
    }

    /** A consistent copy: {hits, taken, fall-through}. */
    synchronized long[][] snapshot() {
        return new long[][] {hits.clone(), taken.clone(), fallThrough.clone()};
    }
}
