package org.ebpftest.runtime.coverage;

import java.util.List;
import java.util.Objects;
import org.ebpftest.runtime.isa.SourceLine;

/**
 * The path one run took through the C source: the lines it entered, in order, each with the way
 * its conditional jump went, for failure messages that answer "why this verdict?". Recorded only
 * when asked ({@link Coverage#PATH_PROPERTY}); a long run keeps its last {@value #MAX_STEPS} steps.
 *
 * @param steps the lines entered, in order (the last ones of a long run)
 * @param dropped how many earlier steps were not kept
 */
public record RunPath(List<Step> steps, long dropped) {
    /** The most steps a path keeps: the end of a run is what explains its verdict. */
    public static final int MAX_STEPS = 400;
    /** The longest loop body {@link #describe()} folds. */
    private static final int MAX_LOOP = 12;

    /** Copies the steps. */
    public RunPath {
        steps = List.copyOf(steps);
    }

    /** How a conditional jump went. */
    public enum Outcome {
        /** The jump was taken. */
        JUMPED("jumped"),
        /** The run went on to the next instruction. */
        FELL_THROUGH("fell through");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * One C line entered.
     *
     * @param program the program running (a tail call changes it)
     * @param line the line
     * @param outcomes how each conditional jump the run executed on this line went, in order
     *     (empty when it executed none; {@code a && b} on one line may give two)
     */
    public record Step(String program, SourceLine line, List<Outcome> outcomes) {
        /** Requires the program and line; copies the outcomes. */
        public Step {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(line, "line");
            outcomes = List.copyOf(outcomes);
        }

        private boolean sameAs(Step o) {
            return program.equals(o.program) && line.line() == o.line.line() && line.file().equals(o.line.file()) && outcomes.equals(o.outcomes);
        }

        @Override
        public String toString() {
            if (outcomes.isEmpty()) {
                return line.toString();
            }
            return line + "   [" + String.join(", ", outcomes.stream().map(Outcome::toString).toList()) + "]";
        }
    }

    /**
     * The path as a failure message shows it: one line per C line entered, with each branch
     * decision; a loop's body is shown once with the number of times it ran in a row.
     */
    public String describe() {
        StringBuilder out = new StringBuilder("path through the C source (");
        out.append(dropped == 0 ? steps.size() + " lines entered" : "last " + steps.size() + " of " + (steps.size() + dropped) + " lines entered");
        out.append("):");
        String program = null;
        int i = 0;
        while (i < steps.size()) {
            Step s = steps.get(i);
            if (!s.program.equals(program)) {
                if (program != null || steps.stream().anyMatch(x -> !x.program.equals(s.program))) {
                    out.append("\n  in ").append(s.program).append(':');
                }
                program = s.program;
            }
            int[] loop = loopAt(i);
            int body = loop[0];
            int times = loop[1];
            for (int k = 0; k < body; k++) {
                out.append("\n  ").append(steps.get(i + k));
            }
            if (times > 1) {
                out.append("\n    (the ").append(body == 1 ? "line" : body + " lines").append(" above ran ").append(times).append(" times in a row)");
            }
            i += body * times;
        }
        return out.toString();
    }

    /** The shortest block starting at {@code i} that repeats right after itself, and how often; {1, 1} when none does. */
    private int[] loopAt(int i) {
        for (int body = 1; body <= MAX_LOOP && i + 2 * body <= steps.size(); body++) {
            int times = 1;
            while (i + (times + 1) * body <= steps.size() && sameBlock(i, i + times * body, body)) {
                times++;
            }
            if (times > 1) {
                return new int[] {body, times};
            }
        }
        return new int[] {1, 1};
    }

    private boolean sameBlock(int a, int b, int length) {
        for (int k = 0; k < length; k++) {
            if (!steps.get(a + k).sameAs(steps.get(b + k))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return describe();
    }
}
