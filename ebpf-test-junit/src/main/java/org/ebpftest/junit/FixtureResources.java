package org.ebpftest.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds fixture and context files on the class path, by name or by a glob in the last path segment. */
final class FixtureResources {
    private static final String GLOB = ".*[*?\\[{].*";

    private FixtureResources() {
    }

    static List<BpfFixture> load(String pattern, ClassLoader loader) {
        List<BpfFixture> fixtures = new ArrayList<>();
        read("fixtures", pattern, loader).forEach((name, bytes) -> fixtures.addAll(BpfFixture.parse(name, bytes)));
        return List.copyOf(fixtures);
    }

    /**
     * The files a pattern matches, by resource name, in name order; {@code what} names them in
     * messages ({@code fixtures}, {@code contexts}).
     */
    static TreeMap<String, byte[]> read(String what, String pattern, ClassLoader loader) {
        String resource = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        int slash = resource.lastIndexOf('/');
        String directory = slash < 0 ? "" : resource.substring(0, slash);
        String glob = resource.substring(slash + 1);
        if (directory.matches(GLOB)) {
            throw new IllegalArgumentException(what + " [" + pattern + "]: a glob may only be in the file name, not in [" + directory + "]");
        }
        // Sorted by resource name: the order of invocations must not depend on the file system.
        TreeMap<String, byte[]> files = new TreeMap<>();
        try {
            if (!glob.matches(GLOB)) {
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in != null) {
                        files.put(resource, in.readAllBytes());
                    }
                }
            } else {
                for (URL url : Collections.list(loader.getResources(directory))) {
                    collect(url, directory, glob, files);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " [" + pattern + "]: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(what + " [" + pattern + "] not found on the class path; put the JSON files in the test resources");
        }
        return files;
    }

    private static void collect(URL url, String directory, String glob, TreeMap<String, byte[]> files) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("cannot read " + url, e);
        }
        if ("file".equals(uri.getScheme())) {
            list(Path.of(uri), directory, glob, files);
        } else if ("jar".equals(uri.getScheme())) {
            FileSystem jar;
            boolean opened = false;
            try {
                jar = FileSystems.newFileSystem(uri, java.util.Map.of());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(uri);
            }
            try {
                list(jar.provider().getPath(uri), directory, glob, files);
            } finally {
                if (opened) {
                    jar.close();
                }
            }
        } else {
            throw new IOException("cannot list resources at " + url + "; name the files one by one");
        }
    }

    private static void list(Path dir, String directory, String glob, TreeMap<String, byte[]> files) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isRegularFile).filter(c -> matcher.matches(c.getFileName())).toList()) {
                files.putIfAbsent((directory.isEmpty() ? "" : directory + "/") + child.getFileName(), Files.readAllBytes(child));
            }
        }
    }
}
