package org.ebpftest.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unified diff golden failures show; each expected text is what GNU {@code diff -u} prints for the same input. */
class LineDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a\nb\n", "a\nb\n", "x", "y", 3)).isEmpty();
    }

    @Test
    void changesFarApartGetAHunkEachWithThreeLinesOfContext() {
        String from = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";
        String to = "a\nb\nX\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\nY\n";

        assertThat(LineDiff.unified(from, to, "old.json", "this run", 3)).isEqualTo("""
                --- old.json
                +++ this run
                @@ -1,6 +1,6 @@
                 a
                 b
                -c
                +X
                 d
                 e
                 f
                @@ -12,3 +12,4 @@
                 l
                 m
                 n
                +Y
                """);
    }

    @Test
    void changesCloseTogetherShareAHunk() {
        String from = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String to = "1\n2\nthree\n4\n5\n6\n7\neight\n9\n";

        assertThat(LineDiff.unified(from, to, "a", "b", 3)).isEqualTo("""
                --- a
                +++ b
                @@ -1,9 +1,9 @@
                 1
                 2
                -3
                +three
                 4
                 5
                 6
                 7
                -8
                +eight
                 9
                """);
    }

    @Test
    void anInsertedLineIsMatchedAroundNotReplacingTheRest() {
        assertThat(LineDiff.unified("a\nb\nc\n", "a\nnew\nb\nc\n", "a", "b", 3)).isEqualTo("""
                --- a
                +++ b
                @@ -1,3 +1,4 @@
                 a
                +new
                 b
                 c
                """);
    }

    @Test
    void aSideWithoutLinesInTheHunkIsNumberedByTheLineBefore() {
        assertThat(LineDiff.unified("x\n", "", "a", "b", 3)).isEqualTo("""
                --- a
                +++ b
                @@ -1 +0,0 @@
                -x
                """);
    }

    @Test
    void movedLinesShowAsRemovedAndAdded() {
        assertThat(LineDiff.unified("a\nb\nc\n", "c\na\nb\n", "a", "b", 1)).isEqualTo("""
                --- a
                +++ b
                @@ -1,3 +1,3 @@
                +c
                 a
                 b
                -c
                """);
    }
}
