package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines, as {@code diff -u} prints it: hunks headed
 * {@code @@ -12,7 +12,7 @@} with a few lines of context, removed lines marked {@code -} and added
 * lines {@code +}. The lines between the common head and tail are matched by a longest common
 * subsequence; when that middle is too big to match in reasonable memory, it is shown as removed
 * and then added whole.
 */
final class LineDiff {
    /** Above this many cells (middle lines of one text times the other's) the middle is not matched. */
    private static final long MAX_CELLS = 4_000_000;

    private enum Op {
        SAME(' '), REMOVED('-'), ADDED('+');

        final char mark;

        Op(char mark) {
            this.mark = mark;
        }
    }

    /**
     * One line of the edit script, with the number of lines of each text before it: for a line a
     * text has, that is its index there.
     */
    private record Edit(Op op, String line, int fromPos, int toPos) {
    }

    private LineDiff() {
    }

    /**
     * The diff, with {@code context} lines around each change; empty when the texts are equal.
     * The header names the two sides.
     */
    static String unified(String from, String to, String fromName, String toName, int context) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        List<Edit> edits = edits(a, b);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).op() == Op.SAME) {
                i++;
                continue;
            }
            int start = Math.max(0, i - context);
            // extend the hunk while the next change is close enough for the contexts to touch
            int last = i;
            for (int j = i; j < edits.size(); j++) {
                if (edits.get(j).op() != Op.SAME) {
                    if (j - last - 1 > 2 * context) {
                        break;
                    }
                    last = j;
                }
            }
            int end = Math.min(edits.size(), last + 1 + context);
            hunk(out, edits.subList(start, end));
            i = end;
        }
        if (out.length() == 0) {
            return "";
        }
        return "--- " + fromName + "\n+++ " + toName + "\n" + out;
    }

    private static void hunk(StringBuilder out, List<Edit> hunk) {
        long fromCount = hunk.stream().filter(e -> e.op() != Op.ADDED).count();
        long toCount = hunk.stream().filter(e -> e.op() != Op.REMOVED).count();
        Edit first = hunk.get(0);
        // A side with no line in the hunk is numbered by the line before it, as diff -u does.
        long fromStart = fromCount == 0 ? first.fromPos() : first.fromPos() + 1;
        long toStart = toCount == 0 ? first.toPos() : first.toPos() + 1;
        out.append("@@ -").append(range(fromStart, fromCount)).append(" +").append(range(toStart, toCount)).append(" @@\n");
        for (Edit e : hunk) {
            out.append(e.op().mark).append(e.line()).append('\n');
        }
    }

    private static String range(long start, long count) {
        return count == 1 ? Long.toString(start) : start + "," + count;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The edit script: the common head, the matched middle, the common tail. */
    private static List<Edit> edits(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < head; i++) {
            edits.add(new Edit(Op.SAME, a.get(i), i, i));
        }
        middle(edits, a, b, head, a.size() - tail, head, b.size() - tail);
        for (int i = tail; i > 0; i--) {
            edits.add(new Edit(Op.SAME, a.get(a.size() - i), a.size() - i, b.size() - i));
        }
        return edits;
    }

    private static void middle(List<Edit> edits, List<String> a, List<String> b, int aFrom, int aTo, int bFrom, int bTo) {
        int n = aTo - aFrom;
        int m = bTo - bFrom;
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            for (int i = aFrom; i < aTo; i++) {
                edits.add(new Edit(Op.REMOVED, a.get(i), i, bFrom));
            }
            for (int j = bFrom; j < bTo; j++) {
                edits.add(new Edit(Op.ADDED, b.get(j), aTo, j));
            }
            return;
        }
        // lcs[i][j]: the longest common subsequence of a[aFrom + i ..] and b[bFrom + j ..]
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(aFrom + i).equals(b.get(bFrom + j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(aFrom + i).equals(b.get(bFrom + j))) {
                edits.add(new Edit(Op.SAME, a.get(aFrom + i), aFrom + i, bFrom + j));
                i++;
                j++;
            } else if (j == m || i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
                edits.add(new Edit(Op.REMOVED, a.get(aFrom + i), aFrom + i, bFrom + j));
                i++;
            } else {
                edits.add(new Edit(Op.ADDED, b.get(bFrom + j), aFrom + i, bFrom + j));
                j++;
            }
        }
    }
}
