package org.ebpftest.junit.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ebpftest.runtime.elf.ObjectSpec;

/**
 * Finds and parses the objects that case files name. {@code "x.o"} is looked up next to the case
 * file, then from the root of the class path; {@code "classpath:x.o"} only from the root;
 * {@code "file:build/x.o"} and absolute paths are files, relative ones from the working directory.
 * Each object is parsed once per run (parsing is deterministic); every fixture loads it afresh.
 */
final class CaseObjects {
    static final String CLASSPATH = "classpath:";
    static final String FILE = "file:";

    private final ClassLoader loader;
    private final Map<String, ObjectSpec> parsed = new HashMap<>();

    CaseObjects(ClassLoader loader) {
        this.loader = loader;
    }

    private record Found(URL url, String fileName) {
    }

    /**
     * The parsed object a case file names.
     *
     * @throws CaseFileException naming the case file and the places looked in, when the object is
     *     missing, unreadable or not a valid eBPF object
     */
    ObjectSpec spec(CaseLocation caseFile, String object) {
        Found found = find(caseFile, object);
        ObjectSpec spec = parsed.get(found.url().toString());
        if (spec == null) {
            spec = parse(caseFile, object, found);
            parsed.put(found.url().toString(), spec);
        }
        return spec;
    }

    private ObjectSpec parse(CaseLocation caseFile, String object, Found found) {
        byte[] bytes;
        try (InputStream in = found.url().openStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new CaseFileException(prefix(caseFile, object) + " cannot be read from [" + found.url() + "]: " + e, e);
        }
        try {
            ObjectSpec spec = ObjectSpec.parse(found.fileName(), bytes);
            // A file's path names the object in coverage reports, which find its C sources beside it.
            return CaseSelection.path(found.url()).map(spec::withOrigin).orElse(spec);
        } catch (RuntimeException e) {
            throw new CaseFileException(prefix(caseFile, object) + " is not a valid eBPF object: " + e.getMessage(), e);
        }
    }

    private Found find(CaseLocation caseFile, String object) {
        List<String> looked = new ArrayList<>();
        Found found;
        if (object.startsWith(CLASSPATH)) {
            found = resource(object.substring(CLASSPATH.length()), looked);
        } else if (object.startsWith(FILE) || isAbsolute(object)) {
            found = file(Path.of(object.startsWith(FILE) ? object.substring(FILE.length()) : object), looked);
        } else {
            found = caseFile.kind() == CaseLocation.Kind.RESOURCE
                    ? resource(parent(caseFile.name()) + object, looked)
                    : file(Path.of(caseFile.name()).resolveSibling(object), looked);
            if (found == null) {
                found = resource(object, looked);
            }
        }
        if (found == null) {
            throw new CaseFileException(prefix(caseFile, object) + " not found: looked for " + String.join(" and ", looked)
                    + "; put it next to the case file, or give \"classpath:path/in/the/class/path.o\" or \"file:path/from/the/working/directory.o\"");
        }
        return found;
    }

    private Found resource(String name, List<String> looked) {
        String normal = normalise(name);
        if (normal == null || normal.isEmpty()) {
            looked.add("class-path resource [" + name + "] (which leaves the class path)");
            return null;
        }
        looked.add("class-path resource [" + normal + "]");
        URL url = loader.getResource(normal);
        return url == null ? null : new Found(url, normal.substring(normal.lastIndexOf('/') + 1));
    }

    private static Found file(Path path, List<String> looked) {
        Path absolute = path.toAbsolutePath().normalize();
        looked.add("file [" + absolute + "]");
        if (!Files.isRegularFile(absolute)) {
            return null;
        }
        try {
            return new Found(absolute.toUri().toURL(), absolute.getFileName().toString());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("no URL for " + absolute, e);
        }
    }

    private static boolean isAbsolute(String object) {
        try {
            return Path.of(object).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The directory part of a resource name, with its trailing slash; empty at the root. */
    private static String parent(String resource) {
        return resource.substring(0, resource.lastIndexOf('/') + 1);
    }

    /** A resource name without {@code .} and {@code ..} segments, or null when it climbs above the root. */
    static String normalise(String name) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : name.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    private static String prefix(CaseLocation caseFile, String object) {
        return "case file [" + caseFile.path() + "]: object [" + object + "]";
    }
}
