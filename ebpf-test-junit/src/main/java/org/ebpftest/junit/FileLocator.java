package org.ebpftest.junit;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ebpftest.runtime.context.BpfContext;
import org.ebpftest.runtime.context.Contexts;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Finds the files that the file annotations name ({@link BpfObject}, {@link PacketFile},
 * {@link FixtureFile}, {@link ContextFile}, {@link FixtureSource}, {@link ContextSource}), by one
 * rule, the one JUNIT.md states:
 *
 * <ul>
 *   <li>{@code "file:path"} is a file; a relative path resolves against the working directory.
 *   <li>{@code "/path"} is a class-path resource from the root of the class path.
 *   <li>{@code "path"} is a class-path resource looked up in the package of the class that carries
 *       the annotation, then from the root of the class path.
 * </ul>
 *
 * <p>{@code classpath:} in front of a class-path name is allowed and changes nothing. Where a list
 * is wanted, the last path segment may be a glob ({@code "fixtures/*.json"}); the first place with
 * a match gives every matching file, in name order, so that the order of tests never depends on the
 * file system.
 */
final class FileLocator {
    static final String CLASSPATH = "classpath:";
    static final String FILE = "file:";
    private static final String GLOB = ".*[*?\\[{].*";
    private static final String JSON_FIX = "put the JSON files in the test resources, or give a file with \"file:path/to/file.json\"";

    private FileLocator() {
    }

    /**
     * A file found.
     *
     * @param name how messages and parsed fixtures name it: the resource name, or the path as given
     * @param key where it came from, as a URL, for caching what is parsed from it
     */
    record Found(String name, String key, byte[] bytes) {
        /** The last segment of its name. */
        String fileName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        /**
         * The object these bytes hold; one read from a file knows its path, which names it in
         * coverage reports and leads them to its C sources.
         */
        ObjectSpec parseObject() {
            ObjectSpec spec = ObjectSpec.parse(fileName(), bytes);
            if (!key.startsWith("file:")) {
                return spec;
            }
            try {
                return spec.withOrigin(Path.of(new URI(key)));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return spec;
            }
        }
    }

    /** The location without its {@code classpath:} or {@code file:} prefix. */
    static String withoutScheme(String location) {
        if (location.startsWith(CLASSPATH)) {
            return location.substring(CLASSPATH.length());
        }
        if (location.startsWith(FILE)) {
            return location.substring(FILE.length());
        }
        return location;
    }

    /**
     * Reads one file, its name taken literally.
     *
     * @param what names the annotation and element in messages: {@code @PacketFile [syn.pcap] on field [syn] in [XdpTest]}
     * @param owner the class that carries the annotation; null to look only from the root of the class path
     * @param fix what to do when a class-path name is not found
     * @throws ExtensionConfigurationException naming every place looked, when the file is not there or cannot be read
     */
    static Found one(String what, Class<?> owner, String location, String fix) {
        if (location.startsWith(FILE)) {
            Path path = Path.of(location.substring(FILE.length()));
            Path absolute = path.toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute)) {
                throw new ExtensionConfigurationException(what + " not found: there is no file [" + absolute + "]; " + fileHint(path));
            }
            return new Found(path.toString(), absolute.toUri().toString(), read(what, absolute));
        }
        ClassLoader loader = loader(owner);
        List<String> looked = places(owner, withoutScheme(location));
        for (String name : looked) {
            URL url = loader.getResource(name);
            if (url != null) {
                try (InputStream in = url.openStream()) {
                    return new Found(name, url.toString(), in.readAllBytes());
                } catch (IOException e) {
                    throw new ExtensionConfigurationException(what + " cannot be read from [" + url + "]: " + e, e);
                }
            }
        }
        throw new ExtensionConfigurationException(what + " not found on the class path: looked for " + list(looked) + "; " + fix);
    }

    /**
     * Reads every file a location names: one file, or those a glob in the last path segment
     * matches, from the first place that has any, in name order.
     *
     * @throws ExtensionConfigurationException naming every place looked, when nothing matches or a file cannot be read
     */
    static List<Found> all(String what, Class<?> owner, String location, String fix) {
        String path = withoutScheme(location);
        int slash = path.lastIndexOf('/');
        String directory = slash < 0 ? "" : path.substring(0, slash);
        String glob = path.substring(slash + 1);
        if (directory.matches(GLOB)) {
            throw new ExtensionConfigurationException(what + ": a glob may only be in the file name, not in [" + directory + "]");
        }
        if (!glob.matches(GLOB)) {
            return List.of(one(what, owner, location, fix));
        }
        if (location.startsWith(FILE)) {
            Path dir = Path.of(directory.isEmpty() ? "." : directory);
            TreeMap<String, byte[]> files = new TreeMap<>();
            list(what, dir.toAbsolutePath().normalize(), directory.isEmpty() ? "" : directory + "/", glob, files);
            if (files.isEmpty()) {
                throw new ExtensionConfigurationException(what + " not found: no file in [" + dir.toAbsolutePath().normalize()
                        + "] matches [" + glob + "]; " + fileHint(dir));
            }
            List<Found> found = new ArrayList<>();
            files.forEach((name, bytes) -> found.add(new Found(name, Path.of(name).toAbsolutePath().normalize().toUri().toString(), bytes)));
            return List.copyOf(found);
        }
        ClassLoader loader = loader(owner);
        List<String> looked = places(owner, path);
        for (String place : looked) {
            int end = place.lastIndexOf('/');
            String resourceDirectory = end < 0 ? "" : place.substring(0, end);
            TreeMap<String, byte[]> files = new TreeMap<>();
            try {
                for (URL url : Collections.list(loader.getResources(resourceDirectory))) {
                    collect(what, url, resourceDirectory.isEmpty() ? "" : resourceDirectory + "/", glob, files);
                }
            } catch (IOException e) {
                throw new ExtensionConfigurationException(what + " cannot be listed: " + e, e);
            }
            if (!files.isEmpty()) {
                List<Found> found = new ArrayList<>();
                files.forEach((name, bytes) -> found.add(new Found(name, loader.getResource(name).toString(), bytes)));
                return List.copyOf(found);
            }
        }
        throw new ExtensionConfigurationException(what + " not found on the class path: looked for " + list(looked) + "; " + fix);
    }

    /** The fixtures of every file a location names, in name order then file order; {@code what} as for {@link #one}. */
    static List<BpfFixture> fixtures(String what, Class<?> owner, String location) {
        return all(what, owner, location, JSON_FIX).stream().flatMap(file -> BpfFixture.parse(file.name(), file.bytes()).stream()).toList();
    }

    /** The mimic/edb contexts of every file a location names, in name order then file order; {@code what} as for {@link #one}. */
    static List<BpfContext> contexts(String what, Class<?> owner, String location) {
        return all(what, owner, location, JSON_FIX).stream().flatMap(file -> Contexts.parse(file.name(), file.bytes()).stream()).toList();
    }

    /** The class-path names a location stands for, in the order they are tried. */
    private static List<String> places(Class<?> owner, String name) {
        if (name.startsWith("/")) {
            return List.of(name.substring(1));
        }
        String packagePath = owner == null ? "" : owner.getPackageName().replace('.', '/');
        return packagePath.isEmpty() ? List.of(name) : List.of(packagePath + "/" + name, name);
    }

    private static ClassLoader loader(Class<?> owner) {
        if (owner != null && owner.getClassLoader() != null) {
            return owner.getClassLoader();
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClassLoader.getSystemClassLoader();
    }

    private static String fileHint(Path path) {
        return path.isAbsolute() ? "check the path" : "relative file paths resolve against the working directory";
    }

    private static String list(List<String> names) {
        return String.join(" and ", names.stream().map(n -> "[" + n + "]").toList());
    }

    private static byte[] read(String what, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExtensionConfigurationException(what + " cannot be read: " + e, e);
        }
    }

    private static void collect(String what, URL url, String prefix, String glob, TreeMap<String, byte[]> files) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("cannot read " + url, e);
        }
        if ("file".equals(uri.getScheme())) {
            list(what, Path.of(uri), prefix, glob, files);
        } else if ("jar".equals(uri.getScheme())) {
            FileSystem jar;
            boolean opened = false;
            try {
                jar = FileSystems.newFileSystem(uri, Map.of());
                opened = true;
            } catch (FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(uri);
            }
            try {
                list(what, jar.provider().getPath(uri), prefix, glob, files);
            } finally {
                if (opened) {
                    jar.close();
                }
            }
        } else {
            throw new IOException("cannot list resources at " + url + "; name the files one by one");
        }
    }

    /** Adds the regular files of {@code dir} whose names match, under {@code prefix + name}; the first of a name wins. */
    private static void list(String what, Path dir, String prefix, String glob, TreeMap<String, byte[]> files) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isRegularFile).filter(c -> matcher.matches(c.getFileName())).toList()) {
                files.putIfAbsent(prefix + child.getFileName(), Files.readAllBytes(child));
            }
        } catch (IOException e) {
            throw new ExtensionConfigurationException(what + " cannot be read from [" + dir + "]: " + e, e);
        }
    }
}
