package org.ebpftest.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the make rule that clang writes with {@code -MMD -MF}: the files an object was compiled
 * from, which is how a changed header makes an object stale.
 */
final class DepFile {

    private DepFile() {
    }

    /**
     * The prerequisites of the rule, resolved against the directory clang ran in. Make's escapes
     * ({@code \ } for a space, a backslash before the line break) are undone.
     */
    static List<Path> prerequisites(String rule, Path workingDirectory) {
        String joined = rule.replace("\\\r\n", " ").replace("\\\n", " ");
        int colon = targetEnd(joined);
        List<Path> files = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = colon + 1; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '\\' && i + 1 < joined.length() && joined.charAt(i + 1) == ' ') {
                word.append(' ');
                i++;
            } else if (Character.isWhitespace(c)) {
                add(files, word, workingDirectory);
            } else {
                word.append(c);
            }
        }
        add(files, word, workingDirectory);
        return files;
    }

    /** The colon that ends the rule's target (the object); everything after it is a prerequisite. */
    private static int targetEnd(String rule) {
        int colon = rule.indexOf(": ");
        if (colon < 0) {
            colon = rule.indexOf(':');
        }
        if (colon < 0) {
            throw new IllegalArgumentException("not a make rule: " + rule);
        }
        return colon;
    }

    private static void add(List<Path> files, StringBuilder word, Path workingDirectory) {
        if (word.length() > 0) {
            files.add(workingDirectory.resolve(word.toString()).normalize());
            word.setLength(0);
        }
    }
}
