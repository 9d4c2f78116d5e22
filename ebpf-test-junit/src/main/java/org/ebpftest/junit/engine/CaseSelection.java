package org.ebpftest.junit.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;

/**
 * Turns discovery selectors into the case files, and the fixtures in them, that they select.
 *
 * <p>Selectors that do not name fixtures (a class-path root, the default package, the engine's own
 * id, and a class, which is all Surefire sends) find the files under the {@value #DIRECTORY}
 * directory of a class-path root. Selectors that do (a directory, a file, a class-path resource, a
 * unique id) take every {@code .json} file they name. Nothing is read for a root without that
 * directory, so projects without fixtures pay one lookup per root.
 */
final class CaseSelection {
    /** The class-path directory whose JSON files are case files. */
    static final String DIRECTORY = "ebpf-fixtures";
    /** The unique-id segment type of one fixture. */
    static final String FIXTURE = "fixture";

    /**
     * What one engine looks for: the class-path directory found implicitly, the file name ending of
     * the files it runs, and the unique-id segment type of one test in such a file.
     */
    record Layout(String directory, String extension, String testSegment) {
    }

    /** The fixture engine's case files. */
    static final Layout CASE_FILES = new Layout(DIRECTORY, ".json", FIXTURE);
    /** The C-test engine's objects. */
    static final Layout C_TESTS = new Layout("ebpf-ctests", ".o", "test");

    private final Layout layout;

    private final String engineId;
    private final ClassLoader loader;
    private final boolean withClasses;
    /** Resources before files, each in name order: the order of containers does not depend on the order of selectors. */
    private final TreeMap<String, Selected> selected = new TreeMap<>();
    /** The case files of each class-path root looked at, so that each root is listed once however many classes select it. */
    private final Map<Path, List<CaseLocation>> roots = new HashMap<>();

    /** The fixtures selected in one case file: all of them, or some by name. */
    static final class Selected {
        private final CaseLocation location;
        private boolean all;
        private boolean viaClass;
        private final Set<String> names = new LinkedHashSet<>();

        private Selected(CaseLocation location) {
            this.location = location;
        }

        CaseLocation location() {
            return location;
        }

        boolean selects(String fixture) {
            return all || names.contains(fixture);
        }

        /** Whether a class selector selected it, as Surefire does: then reports need its container to look like a class. */
        boolean viaClass() {
            return viaClass;
        }
    }

    /**
     * @param withClasses whether a class selector selects the fixtures of its class's class-path root
     */
    CaseSelection(String engineId, ClassLoader loader, boolean withClasses) {
        this(CASE_FILES, engineId, loader, withClasses);
    }

    /**
     * @param layout what to look for
     * @param withClasses whether a class selector selects the files of its class's class-path root
     */
    CaseSelection(Layout layout, String engineId, ClassLoader loader, boolean withClasses) {
        this.layout = layout;
        this.engineId = engineId;
        this.loader = loader;
        this.withClasses = withClasses;
    }

    /** The selected files, resources first, each group in name order. */
    Collection<Selected> selected() {
        return Collections.unmodifiableCollection(selected.values());
    }

    /**
     * Adds what a selector selects.
     *
     * @return whether it selected any case file
     * @throws UncheckedIOException if a selected directory cannot be listed
     */
    boolean select(DiscoverySelector selector) {
        if (selector instanceof ClasspathRootSelector s) {
            return "file".equals(s.getClasspathRoot().getScheme()) && root(Path.of(s.getClasspathRoot()), false);
        }
        if (selector instanceof ClassSelector s) {
            return withClasses && classRoot(s).map(root -> root(root, true)).orElse(false);
        }
        if (selector instanceof PackageSelector s) {
            return s.getPackageName().isEmpty() && wholeClassPath();
        }
        if (selector instanceof DirectorySelector s) {
            return Files.isDirectory(s.getPath()) && directory(s.getPath());
        }
        if (selector instanceof FileSelector s) {
            return s.getPath().getFileName().toString().endsWith(layout.extension()) && Files.isRegularFile(s.getPath()) && add(file(s.getPath()), null);
        }
        if (selector instanceof ClasspathResourceSelector s) {
            return resource(s.getClasspathResourceName());
        }
        if (selector instanceof UniqueIdSelector s) {
            return uniqueId(s.getUniqueId());
        }
        return false;
    }

    /** The case files under {@value #DIRECTORY} in a class-path root directory; each root is looked at once. */
    private boolean root(Path root, boolean viaClass) {
        List<CaseLocation> found = roots.computeIfAbsent(root.toAbsolutePath().normalize(), r -> {
            Path directory = r.resolve(layout.directory());
            if (!Files.isDirectory(directory)) {
                return List.of();
            }
            return jsonFiles(directory).stream()
                    .map(json -> new CaseLocation(CaseLocation.Kind.RESOURCE, layout.directory() + "/" + slashes(directory.relativize(json)), url(json)))
                    .toList();
        });
        found.forEach(location -> add(location, null, viaClass));
        return !found.isEmpty();
    }

    /**
     * The class-path root directory a class was loaded from, found through its class file so that
     * the class is not loaded; empty for classes in jars.
     */
    private Optional<Path> classRoot(ClassSelector selector) {
        ClassLoader classLoader = selector.getClassLoader() != null ? selector.getClassLoader() : loader;
        String className = selector.getClassName();
        URL url = classLoader.getResource(className.replace('.', '/') + ".class");
        Optional<Path> path = url == null ? Optional.empty() : path(url);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path root = path.get();
        for (int depth = className.split("\\.").length; depth > 0 && root != null; depth--) {
            root = root.getParent();
        }
        return Optional.ofNullable(root);
    }

    /** Every {@value #DIRECTORY} directory of the class path that is a directory on disk. */
    private boolean wholeClassPath() {
        boolean any = false;
        try {
            for (URL url : Collections.list(loader.getResources(layout.directory()))) {
                Optional<Path> directory = path(url);
                if (directory.isPresent() && Files.isDirectory(directory.get())) {
                    any |= root(directory.get().getParent(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the class path's " + layout.directory() + " directories: " + e.getMessage(), e);
        }
        return any;
    }

    private boolean directory(Path directory) {
        boolean any = false;
        for (Path json : jsonFiles(directory)) {
            any |= add(file(json), null);
        }
        return any;
    }

    /** A JSON resource, or every JSON file under a resource directory on disk. */
    private boolean resource(String name) {
        String normal = CaseObjects.normalise(name);
        if (normal == null || normal.isEmpty()) {
            return false;
        }
        if (normal.endsWith(layout.extension())) {
            URL url = loader.getResource(normal);
            return url != null && add(new CaseLocation(CaseLocation.Kind.RESOURCE, normal, url), null);
        }
        boolean any = false;
        try {
            for (URL url : Collections.list(loader.getResources(normal))) {
                Optional<Path> directory = path(url).filter(Files::isDirectory);
                if (directory.isPresent()) {
                    for (Path json : jsonFiles(directory.get())) {
                        String resource = normal + "/" + slashes(directory.get().relativize(json));
                        any |= add(new CaseLocation(CaseLocation.Kind.RESOURCE, resource, url(json)), null);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list class-path resource [" + normal + "]: " + e.getMessage(), e);
        }
        return any;
    }

    /** {@code [engine:ebpf-fixtures]}, then {@code [resource:...]} or {@code [file:...]}, then {@code [fixture:name]}. */
    private boolean uniqueId(UniqueId id) {
        List<UniqueId.Segment> segments = id.getSegments();
        if (!id.getEngineId().filter(engineId::equals).isPresent()) {
            return false;
        }
        if (segments.size() == 1) {
            return wholeClassPath();
        }
        if (segments.size() > 3 || (segments.size() == 3 && !segments.get(2).getType().equals(layout.testSegment()))) {
            return false;
        }
        UniqueId.Segment file = segments.get(1);
        String fixture = segments.size() == 3 ? segments.get(2).getValue() : null;
        CaseLocation location = null;
        if (file.getType().equals(CaseLocation.Kind.RESOURCE.segment)) {
            URL url = loader.getResource(file.getValue());
            location = url == null ? null : new CaseLocation(CaseLocation.Kind.RESOURCE, file.getValue(), url);
        } else if (file.getType().equals(CaseLocation.Kind.FILE.segment)) {
            Optional<Path> path = asPath(file.getValue()).filter(Files::isRegularFile);
            location = path.map(p -> new CaseLocation(CaseLocation.Kind.FILE, file.getValue(), url(p))).orElse(null);
        }
        return location != null && add(location, fixture);
    }

    /**
     * A case file on disk, known as a class-path resource when it is one (a file under the test
     * classes directory, say), so that it has one unique id however it was selected.
     */
    private CaseLocation file(Path json) {
        Path absolute = json.toAbsolutePath().normalize();
        String relative = absolute.getFileName().toString();
        for (Path directory = absolute.getParent(); directory != null; directory = directory.getParent()) {
            URL url = loader.getResource(relative);
            if (url != null && path(url).filter(absolute::equals).isPresent()) {
                return new CaseLocation(CaseLocation.Kind.RESOURCE, relative, url);
            }
            if (directory.getFileName() == null) {
                break;
            }
            relative = directory.getFileName() + "/" + relative;
        }
        return new CaseLocation(CaseLocation.Kind.FILE, absolute.toString(), url(absolute));
    }

    private boolean add(CaseLocation location, String fixture) {
        return add(location, fixture, false);
    }

    private boolean add(CaseLocation location, String fixture, boolean viaClass) {
        Selected s = selected.computeIfAbsent(location.kind().ordinal() + ":" + location.name(), k -> new Selected(location));
        s.viaClass |= viaClass;
        if (fixture == null) {
            s.all = true;
        } else {
            s.names.add(fixture);
        }
        return true;
    }

    private List<Path> jsonFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(layout.extension()) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list [" + directory + "]: " + e.getMessage(), e);
        }
    }

    /** The path of a {@code file:} URL, absolute and normalised; empty for other URLs. */
    static Optional<Path> path(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> asPath(String path) {
        try {
            return Optional.of(Path.of(path));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("no URL for " + path, e);
        }
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
