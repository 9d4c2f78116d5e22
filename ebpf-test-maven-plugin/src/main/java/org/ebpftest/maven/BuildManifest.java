package org.ebpftest.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What each object in a directory was compiled from: the hashes of its source and the headers it
 * included, the flags, and the object's own hash. It is what lets a machine without clang trust a
 * committed object, and what makes a build fail when someone changed a header but not the object.
 *
 * <p>The file is text, sorted and free of absolute paths and times, so that rebuilding on another
 * machine from the same inputs leaves it unchanged and a diff of it reads as what changed.
 */
final class BuildManifest {

    /** The manifest's name inside the object directory. */
    static final String FILE_NAME = "ebpf-objects.manifest";

    private static final String HEADER = """
            # ebpf-test build manifest: what each object in this directory was compiled from.
            # Written by ebpf-test-maven-plugin; commit it together with the objects. An object is stale,
            # and is rebuilt or fails the build, when its source, a header it included or its flags changed.
            """;

    /**
     * One compiled object.
     *
     * @param objectHash hash of the object file as compiled
     * @param clang the compiler's version line, for the reader: a different clang does not make an
     *     object stale, because the objects would otherwise churn between machines
     * @param flags the compile flags that decide the object's contents
     * @param inputs the source and headers, as paths relative to the project, with their hashes
     */
    record Entry(String objectHash, String clang, String flags, Map<String, String> inputs) {
    }

    private final Map<String, Entry> entries;

    private BuildManifest(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static BuildManifest empty() {
        return new BuildManifest(new TreeMap<>());
    }

    /** Reads the manifest in a directory; an absent one is empty (nothing built yet). */
    static BuildManifest read(Path directory) throws BuildFailure {
        Path file = directory.resolve(FILE_NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return empty();
        } catch (IOException e) {
            throw new BuildFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Entry> entries = new TreeMap<>();
        String object = null;
        String[] fields = null;
        Map<String, String> inputs = null;
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String trimmed = line.strip();
            String keyword = trimmed.split(" ", 2)[0];
            String rest = trimmed.length() > keyword.length() ? trimmed.substring(keyword.length() + 1) : "";
            if (keyword.equals("object")) {
                if (object != null) {
                    entries.put(object, new Entry(fields[0], fields[1], fields[2], inputs));
                }
                int space = rest.lastIndexOf(' ');
                if (space < 0) {
                    throw malformed(file, number, line);
                }
                object = rest.substring(0, space);
                fields = new String[] {rest.substring(space + 1), "", ""};
                inputs = new TreeMap<>();
            } else if (object == null) {
                throw malformed(file, number, line);
            } else if (keyword.equals("clang")) {
                fields[1] = rest;
            } else if (keyword.equals("flags")) {
                fields[2] = rest;
            } else if (keyword.equals("input")) {
                int space = rest.lastIndexOf(' ');
                if (space < 0) {
                    throw malformed(file, number, line);
                }
                inputs.put(rest.substring(0, space), rest.substring(space + 1));
            } else {
                throw malformed(file, number, line);
            }
        }
        if (object != null) {
            entries.put(object, new Entry(fields[0], fields[1], fields[2], inputs));
        }
        return new BuildManifest(entries);
    }

    private static BuildFailure malformed(Path file, int number, String line) {
        return new BuildFailure(file + ":" + number + ": not a manifest line: '" + line
                + "' (delete the file and build with clang to write it again)");
    }

    Optional<Entry> entry(String object) {
        return Optional.ofNullable(entries.get(object));
    }

    void put(String object, Entry entry) {
        entries.put(object, entry);
    }

    /** Forgets objects whose source is gone, so the manifest lists only what the build makes. */
    void retainOnly(java.util.Collection<String> objects) {
        entries.keySet().retainAll(objects);
    }

    /** Writes the manifest when its text changed, so an unchanged build leaves the file untouched. */
    void write(Path directory) throws BuildFailure {
        Path file = directory.resolve(FILE_NAME);
        String text = text();
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                return;
            }
            Files.createDirectories(directory);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    String text() {
        StringBuilder out = new StringBuilder(HEADER);
        entries.forEach((object, entry) -> {
            out.append('\n').append("object ").append(object).append(' ').append(entry.objectHash()).append('\n');
            out.append("  clang ").append(entry.clang()).append('\n');
            out.append("  flags ").append(entry.flags()).append('\n');
            entry.inputs().forEach((input, hash) -> out.append("  input ").append(input).append(' ').append(hash).append('\n'));
        });
        return out.toString();
    }

    /** The hash recorded for a file: {@code sha256:} and the hex digest of its bytes. */
    static String hash(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException(impossible);
        }
    }

    List<String> objects() {
        return new ArrayList<>(entries.keySet());
    }
}
