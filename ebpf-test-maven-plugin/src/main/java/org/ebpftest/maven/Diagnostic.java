package org.ebpftest.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One message clang printed while compiling: where (file, line, column, when it names one), how bad,
 * and what.
 *
 * @param file the file the message is about, resolved against clang's working directory; empty
 *     for messages about the command line
 * @param line 1-based line, 0 when there is no file
 * @param column 1-based column, 0 when there is no file
 * @param severity how bad
 * @param message clang's text
 */
record Diagnostic(Optional<Path> file, int line, int column, Severity severity, String message) {

    /** How bad a diagnostic is; notes explain the warning or error before them. */
    enum Severity {
        ERROR,
        WARNING,
        NOTE
    }

    private static final Pattern LOCATED =
            Pattern.compile("^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note): (.*)$");
    private static final Pattern UNLOCATED = Pattern.compile("^[\\w.+-]*clang[\\w.+-]*: (error|warning|note): (.*)$");

    /**
     * Reads clang's standard error output, run with {@code -fno-caret-diagnostics}; lines that are
     * not diagnostics (include stacks, "2 errors generated.") are context clang already folds into
     * the located message and are dropped.
     */
    static List<Diagnostic> parse(String clangOutput, Path workingDirectory) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (String line : clangOutput.split("\\R")) {
            Matcher located = LOCATED.matcher(line);
            if (located.matches()) {
                Path file = workingDirectory.resolve(located.group(1)).normalize();
                diagnostics.add(new Diagnostic(Optional.of(file), Integer.parseInt(located.group(2)),
                        Integer.parseInt(located.group(3)), severity(located.group(4)), located.group(5)));
                continue;
            }
            Matcher unlocated = UNLOCATED.matcher(line);
            if (unlocated.matches()) {
                diagnostics.add(new Diagnostic(Optional.empty(), 0, 0, severity(unlocated.group(1)), unlocated.group(2)));
            }
        }
        return diagnostics;
    }

    private static Severity severity(String word) {
        return switch (word) {
            case "error", "fatal error" -> Severity.ERROR;
            case "warning" -> Severity.WARNING;
            default -> Severity.NOTE;
        };
    }

    /**
     * The message as Maven's compiler plugin prints its own, {@code /path/file.c:[12,5] text}, so
     * that IDEs and terminals link it to the line.
     */
    String format() {
        return file.map(f -> f + ":[" + line + "," + column + "] " + message).orElse("clang: " + message);
    }
}
