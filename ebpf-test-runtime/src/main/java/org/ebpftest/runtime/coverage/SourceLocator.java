package org.ebpftest.runtime.coverage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the C source files that line info names, for the HTML report. A name is looked up, in
 * order: as it is when absolute; relative to the object's directory (clang records the path it
 * was given, relative to the directory it ran in, which is usually the object's); in each directory
 * of the source path, as given and then by its last component; and by its last component beside
 * the object.
 */
public final class SourceLocator {
    private final List<Path> sourcePath;

    /** A locator that looks in these directories after the object's own. */
    public SourceLocator(List<Path> sourcePath) {
        this.sourcePath = List.copyOf(sourcePath);
    }

    /**
     * The locator {@link Coverage#SOURCE_PATH_PROPERTY} sets up: its value is a list of
     * directories separated by the platform's path separator ({@code :} on Linux).
     */
    public static SourceLocator fromSystemProperties() {
        String value = System.getProperty(Coverage.SOURCE_PATH_PROPERTY, "");
        List<Path> dirs = new ArrayList<>();
        for (String part : value.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part.strip()));
            }
        }
        return new SourceLocator(dirs);
    }

    /** The directories looked in after the object's own. */
    public List<Path> sourcePath() {
        return sourcePath;
    }

    /**
     * The source file for a line-info file name.
     *
     * @param name the name as line info records it
     * @param objectFile the object it came from, or null when unknown
     */
    public Optional<Path> find(String name, Path objectFile) {
        Path given = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) {
            candidates.add(given);
        }
        Path objectDir = objectFile == null ? null : objectFile.toAbsolutePath().getParent();
        if (objectDir != null && !given.isAbsolute()) {
            candidates.add(objectDir.resolve(given));
        }
        Path last = given.getFileName();
        for (Path dir : sourcePath) {
            if (!given.isAbsolute()) {
                candidates.add(dir.resolve(given));
            }
            if (last != null) {
                candidates.add(dir.resolve(last));
            }
        }
        if (objectDir != null && last != null) {
            candidates.add(objectDir.resolve(last));
        }
        return candidates.stream().filter(Files::isRegularFile).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }
}
