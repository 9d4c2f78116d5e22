package org.ebpftest.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.opentest4j.AssertionFailedError;

/** Reads, compares and writes a golden JSON file and the capture file next to it. */
final class GoldenFiles {
    /** Lines of context around each change in a diff. */
    private static final int CONTEXT = 3;
    /** Diff lines a failure message shows at most; the whole texts are in the failure's expected and actual values. */
    private static final int MAX_DIFF_LINES = 200;
    private static final String HOW_TO_UPDATE = "-D" + Golden.UPDATE_PARAMETER + "=true";

    private GoldenFiles() {
    }

    /** The capture file of a JSON file: the same name ending in {@code .pcap}. */
    static Path capture(Path json) {
        String name = json.getFileName().toString();
        return json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".pcap");
    }

    /**
     * Compares a run with its files.
     *
     * @throws AssertionFailedError naming the file: when it is missing, when it differs (with a
     *     unified diff, and the file and the run as expected and actual), or when the capture
     *     file is missing or stale
     */
    static void verify(Path json, String text, byte[] capture, String run) {
        if (!Files.exists(json)) {
            throw new AssertionFailedError("golden file [" + show(json) + "] does not exist; record it by running the test with " + HOW_TO_UPDATE
                    + " (or the JUnit configuration parameter " + Golden.UPDATE_PARAMETER + "=true), then review it and commit it with its .pcap");
        }
        String expected = read(json);
        if (!expected.equals(text)) {
            String diff = LineDiff.unified(expected, text, show(json), "this run", CONTEXT);
            throw new AssertionFailedError("golden file [" + show(json) + "] differs from this run of " + run + "; if the change is intended, "
                    + "rerun with " + HOW_TO_UPDATE + " and review the new file\n" + shorten(diff), expected, text);
        }
        Path pcap = capture(json);
        if (!Files.exists(pcap)) {
            throw new AssertionFailedError("golden capture [" + show(pcap) + "] is missing, while [" + show(json) + "] matches this run; "
                    + "write it with " + HOW_TO_UPDATE);
        }
        if (!Arrays.equals(readBytes(pcap), capture)) {
            throw new AssertionFailedError("golden capture [" + show(pcap) + "] does not hold the frames of [" + show(json)
                    + "], which matches this run; rewrite it with " + HOW_TO_UPDATE);
        }
    }

    /** Writes the files where they differ from the run, and says what it did, for the test report. */
    static String write(Path json, String text, byte[] capture) {
        Path pcap = capture(json);
        boolean jsonChanged = !Files.exists(json) || !read(json).equals(text);
        boolean pcapChanged = !Files.exists(pcap) || !Arrays.equals(readBytes(pcap), capture);
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            if (jsonChanged) {
                Files.writeString(json, text, StandardCharsets.UTF_8);
            }
            if (pcapChanged) {
                Files.write(pcap, capture);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write golden file [" + show(json) + "]: " + e.getMessage(), e);
        }
        if (jsonChanged && pcapChanged) {
            return "wrote [" + show(json) + "] and [" + show(pcap) + "]";
        }
        if (jsonChanged || pcapChanged) {
            return "wrote [" + show(jsonChanged ? json : pcap) + "]; [" + show(jsonChanged ? pcap : json) + "] was up to date";
        }
        return "[" + show(json) + "] and [" + show(pcap) + "] were up to date";
    }

    /** A path as messages show it: relative to the working directory when it lies inside it. */
    static String show(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /** The file's text with Windows line ends read as Unix ones, so a checkout that converted them still matches. */
    private static String read(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file [" + show(file) + "]: " + e.getMessage(), e);
        }
    }

    /** The diff without its last newline, cut after {@link #MAX_DIFF_LINES} lines. */
    private static String shorten(String diff) {
        String trimmed = diff.endsWith("\n") ? diff.substring(0, diff.length() - 1) : diff;
        String[] lines = trimmed.split("\n", -1);
        int count = lines.length;
        if (count <= MAX_DIFF_LINES) {
            return trimmed;
        }
        return String.join("\n", Arrays.copyOf(lines, MAX_DIFF_LINES)) + "\n... " + (count - MAX_DIFF_LINES) + " more lines of diff";
    }
}
