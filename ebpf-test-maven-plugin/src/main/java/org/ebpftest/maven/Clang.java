package org.ebpftest.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clang executable and the version it reports.
 *
 * @param executable the program to run
 * @param version the first line of {@code clang --version}, e.g. {@code Debian clang version 14.0.6}
 * @param major the major version number read from that line
 */
record Clang(Path executable, String version, int major) {

    private static final Pattern VERSION = Pattern.compile("clang version (\\d+)\\.");
    private static final Pattern NAME = Pattern.compile("clang(-\\d+(\\.\\d+)*)?");

    /** How to get a clang, for the messages of a build that needs one and has none. */
    static final String HOW_TO_INSTALL = "Install clang and the libbpf headers (Debian/Ubuntu: apt-get install clang"
            + " libbpf-dev; Fedora: dnf install clang libbpf-devel; Arch: pacman -S clang libbpf), or name one with"
            + " <clang>/usr/bin/clang-19</clang> in the plugin's configuration or -Debpftest.clang=/usr/bin/clang-19 on"
            + " the command line.";

    /**
     * Finds the clang to compile with.
     *
     * @param configured what the user named: a path (contains a separator) or a program name looked
     *     up on the PATH; null or blank to take the newest clang on the PATH
     * @param searchPath the PATH to search
     * @return the clang, or empty with nothing usable found
     */
    static Optional<Clang> locate(String configured, String searchPath) {
        if (configured != null && !configured.isBlank()) {
            if (configured.contains(File.separator)) {
                return probe(Path.of(configured));
            }
            return directories(searchPath).stream()
                    .map(dir -> dir.resolve(configured))
                    .filter(Clang::isExecutable)
                    .findFirst()
                    .flatMap(Clang::probe);
        }
        Set<Path> seen = new LinkedHashSet<>();
        List<Clang> found = new ArrayList<>();
        for (Path dir : directories(searchPath)) {
            try (var entries = Files.list(dir)) {
                for (Path candidate : (Iterable<Path>) entries.sorted()::iterator) {
                    if (NAME.matcher(candidate.getFileName().toString()).matches() && isExecutable(candidate)
                            && seen.add(candidate.toRealPath())) {
                        probe(candidate).ifPresent(found::add);
                    }
                }
            } catch (IOException unreadable) {
                // A PATH entry that is missing or unreadable holds no clang; the shell skips it too.
            }
        }
        // The newest; among equal versions the first on the PATH (max keeps the first of equals).
        return found.stream().max(Comparator.comparingInt(Clang::major));
    }

    /** A name that says what is running, for log lines: {@code /usr/bin/clang-14 (Debian clang version 14.0.6)}. */
    String describe() {
        return executable + " (" + version + ")";
    }

    private static List<Path> directories(String searchPath) {
        List<Path> dirs = new ArrayList<>();
        if (searchPath != null) {
            for (String entry : searchPath.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        return dirs;
    }

    private static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private static Optional<Clang> probe(Path executable) {
        if (!isExecutable(executable)) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String first = output.lines().findFirst().orElse("").trim();
            Matcher version = VERSION.matcher(first);
            if (!version.find()) {
                return Optional.empty();
            }
            return Optional.of(new Clang(executable, first, Integer.parseInt(version.group(1))));
        } catch (IOException notRunnable) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
