package org.ebpftest.junit.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/**
 * Where a case file is: a class-path resource, known by its resource name, or a file outside the
 * class path, known by its absolute path. Either way the name is what its unique id holds, so a
 * case found one way can be selected again by id.
 *
 * @param url where its bytes are read from
 */
record CaseLocation(Kind kind, String name, URL url) {

    /** How a case file is known, and the unique-id segment type that says so. */
    enum Kind {
        /** A class-path resource: IDEs find the source file it was copied from. */
        RESOURCE("resource"),
        /** A file that is not a class-path resource. */
        FILE("file");

        final String segment;

        Kind(String segment) {
            this.segment = segment;
        }
    }

    /** How messages name the file: the resource name, or the path from the working directory when it is below it. */
    String path() {
        if (kind == Kind.RESOURCE) {
            return name;
        }
        Path path = Path.of(name);
        Path workingDirectory = Path.of("").toAbsolutePath();
        return path.startsWith(workingDirectory) ? workingDirectory.relativize(path).toString().replace(File.separatorChar, '/') : name;
    }

    /**
     * What the file's container is called: its path below the {@code ebpf-fixtures} directory, in
     * dots and without {@code .json}, as a class name reads ({@code flows/count.json} is
     * {@code flows.count}). Report tools take the container for a class (see
     * {@link CaseFileDescriptor}), and a slash would put Surefire's report in a directory.
     */
    String displayName() {
        return displayName(CaseSelection.CASE_FILES);
    }

    /** The display name for files of another layout: below its directory, without its extension. */
    String displayName(CaseSelection.Layout layout) {
        String path = path();
        int convention = path.lastIndexOf(layout.directory() + "/");
        if (convention == 0 || (convention > 0 && path.charAt(convention - 1) == '/')) {
            path = path.substring(convention + layout.directory().length() + 1);
        }
        if (path.endsWith(layout.extension())) {
            path = path.substring(0, path.length() - layout.extension().length());
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path.replace('/', '.');
    }

    /** The source of the file's container, for IDEs to open. */
    TestSource source() {
        return kind == Kind.RESOURCE ? ClasspathResourceSource.from(name) : FileSource.from(new File(name));
    }

    /** The source of a fixture in the file, at the line and column where it starts. */
    TestSource source(int line, int column) {
        FilePosition position = FilePosition.from(line, column);
        return kind == Kind.RESOURCE ? ClasspathResourceSource.from(name, position) : FileSource.from(new File(name), position);
    }

    /** The file's bytes. */
    byte[] read() {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(path() + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
