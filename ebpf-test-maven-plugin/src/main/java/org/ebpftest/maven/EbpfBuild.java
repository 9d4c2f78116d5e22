package org.ebpftest.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Brings the eBPF objects of a project up to date: decides from the manifest which objects are
 * stale, compiles those with clang (or, without clang, fails naming them), records what each was
 * built from, and copies every object to where tests find it.
 */
final class EbpfBuild {

    /** The flags every object is compiled with: optimised (the verifier needs it), with BTF, for BPF. */
    static final List<String> BASE_FLAGS = List.of("-O2", "-g", "-target", "bpf");

    private final BuildSettings settings;
    private final BuildLog log;
    private final Supplier<Optional<Clang>> clangLocator;

    EbpfBuild(BuildSettings settings, BuildLog log) {
        this(settings, log, () -> Clang.locate(settings.clang(), settings.searchPath()));
    }

    EbpfBuild(BuildSettings settings, BuildLog log, Supplier<Optional<Clang>> clangLocator) {
        this.settings = settings;
        this.log = log;
        this.clangLocator = clangLocator;
    }

    /** Runs the build; returns the objects (relative paths) that are now on the class path. */
    List<String> run() throws BuildFailure {
        List<String> sources = sources();
        if (sources.isEmpty()) {
            log.info("No eBPF sources in " + settings.basedir().relativize(settings.sourceDirectory()) + " match "
                    + settings.includes());
            return List.of();
        }
        BuildManifest manifest = BuildManifest.read(settings.objectDirectory());
        String flags = String.join(" ", recordedFlags());
        Map<String, String> stale = new LinkedHashMap<>();
        for (String source : sources) {
            staleness(manifest, objectOf(source), flags).ifPresent(reason -> stale.put(source, reason));
        }
        if (!stale.isEmpty() && settings.failOnStale()) {
            throw new BuildFailure("These eBPF objects are stale, and ebpftest.failOnStale is set:\n" + list(stale)
                    + "\nRebuild them with clang (a build without ebpftest.failOnStale does) and commit them together"
                    + " with " + display(settings.objectDirectory().resolve(BuildManifest.FILE_NAME)) + ".");
        }
        Optional<Clang> clang = stale.isEmpty() ? Optional.empty() : clangLocator.get();
        if (!stale.isEmpty() && clang.isEmpty()) {
            throw new BuildFailure(noClangMessage(stale));
        }
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> source : stale.entrySet()) {
            log.info("Compiling " + source.getKey() + " (" + source.getValue() + ") with " + clang.get().describe());
            if (!compile(clang.get(), source.getKey(), flags, manifest)) {
                failed.add(source.getKey());
            } else if (keptInRepository()) {
                log.warn("Rebuilt " + display(settings.objectDirectory().resolve(objectOf(source.getKey())))
                        + ": commit it together with " + BuildManifest.FILE_NAME);
            }
        }
        manifest.retainOnly(sources.stream().map(EbpfBuild::objectOf).toList());
        manifest.write(settings.objectDirectory());
        if (!failed.isEmpty()) {
            throw new BuildFailure("clang could not compile " + String.join(", ", failed)
                    + " (the errors are listed above)");
        }
        if (stale.isEmpty()) {
            // Said either way, but without clang it is the news: the build runs on committed objects.
            String upToDate = sources.size() + " eBPF object(s) in " + display(settings.objectDirectory())
                    + ", which " + BuildManifest.FILE_NAME + " shows are up to date with their sources, headers and flags";
            log.info(clangLocator.get().isPresent() ? "Using " + upToDate
                    : noClang() + ": using the " + upToDate);
        }
        List<String> objects = sources.stream().map(EbpfBuild::objectOf).toList();
        copyToOutput(objects);
        return objects;
    }

    private String list(Map<String, String> stale) {
        return stale.entrySet().stream()
                .map(e -> "  " + display(settings.objectDirectory().resolve(objectOf(e.getKey()))) + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** Objects outside the build directory (which holds the work directory) are committed ones. */
    private boolean keptInRepository() {
        return !settings.objectDirectory().startsWith(settings.workDirectory().getParent());
    }

    private String noClangMessage(Map<String, String> stale) {
        String message = noClang() + ", and these eBPF objects need compiling:\n" + list(stale) + "\n" + Clang.HOW_TO_INSTALL;
        if (!keptInRepository()) {
            message += " A machine without clang can still build when the objects are kept in the repository"
                    + " (<objectDirectory>src/main/bpf</objectDirectory>) together with an up-to-date "
                    + BuildManifest.FILE_NAME + ".";
        }
        return message;
    }

    private String noClang() {
        return settings.clang() == null || settings.clang().isBlank()
                ? "No clang found on the PATH"
                : "The configured clang [" + settings.clang() + "] was not found";
    }

    /** Why an object must be compiled again, or empty when the manifest shows it is up to date. */
    private Optional<String> staleness(BuildManifest manifest, String object, String flags) throws BuildFailure {
        Optional<BuildManifest.Entry> recorded = manifest.entry(object);
        if (recorded.isEmpty()) {
            return Optional.of("not built yet");
        }
        BuildManifest.Entry entry = recorded.get();
        if (!entry.flags().equals(flags)) {
            return Optional.of("flags changed from [" + entry.flags() + "] to [" + flags + "]");
        }
        for (Map.Entry<String, String> input : entry.inputs().entrySet()) {
            Path file = settings.basedir().resolve(input.getKey()).normalize();
            if (!Files.isRegularFile(file)) {
                return Optional.of(input.getKey() + " is gone");
            }
            if (!hash(file).equals(input.getValue())) {
                return Optional.of(input.getKey() + " changed");
            }
        }
        Path objectFile = settings.objectDirectory().resolve(object);
        if (!Files.isRegularFile(objectFile)) {
            return Optional.of("the object is missing");
        }
        if (!hash(objectFile).equals(entry.objectHash())) {
            return Optional.of("the object differs from the one recorded (changed by hand or by another build)");
        }
        return Optional.empty();
    }

    /** Compiles one source; reports clang's diagnostics; records the object in the manifest. */
    private boolean compile(Clang clang, String source, String flags, BuildManifest manifest) throws BuildFailure {
        String object = objectOf(source);
        Path fresh = settings.workDirectory().resolve("objects").resolve(object);
        Path depFile = settings.workDirectory().resolve("deps").resolve(object + ".d");
        List<String> command = new ArrayList<>();
        command.add(clang.executable().toString());
        command.addAll(compileFlags());
        command.addAll(List.of("-fdebug-prefix-map=" + settings.sourceDirectory() + "=.", "-fno-color-diagnostics",
                "-fno-caret-diagnostics", "-MMD", "-MF", depFile.toString(), "-c", source, "-o", fresh.toString()));
        String output;
        int exit;
        try {
            Files.createDirectories(fresh.getParent());
            Files.createDirectories(depFile.getParent());
            Process process = new ProcessBuilder(command).directory(settings.sourceDirectory().toFile())
                    .redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.MINUTES);
            exit = process.exitValue();
        } catch (IOException e) {
            throw new BuildFailure("cannot run " + clang.executable() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure("interrupted while compiling " + source, e);
        }
        for (Diagnostic diagnostic : Diagnostic.parse(output, settings.sourceDirectory())) {
            switch (diagnostic.severity()) {
                case ERROR -> log.error(diagnostic.format());
                case WARNING -> log.warn(diagnostic.format());
                case NOTE -> log.info(diagnostic.format());
            }
        }
        if (exit != 0) {
            if (Diagnostic.parse(output, settings.sourceDirectory()).isEmpty()) {
                log.error(output.strip());
            }
            return false;
        }
        try {
            Path target = settings.objectDirectory().resolve(object);
            Files.createDirectories(target.getParent());
            Files.copy(fresh, target, StandardCopyOption.REPLACE_EXISTING);
            Map<String, String> inputs = new TreeMap<>();
            for (Path input : DepFile.prerequisites(Files.readString(depFile), settings.sourceDirectory())) {
                inputs.put(checkoutIndependent(input, settings.basedir()), hash(input));
            }
            manifest.put(object, new BuildManifest.Entry(hash(target), clang.version(), flags, inputs));
        } catch (IOException e) {
            throw new BuildFailure("cannot record the object compiled from " + source + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** The flags that decide an object's contents, in the order clang gets them. */
    private List<String> compileFlags() {
        // Include directories relative to where clang runs, so no checkout path ends up in the
        // object's debug info (the prefix map covers only the source directory).
        List<String> flags = contentFlags(settings.sourceDirectory());
        multiarchInclude().ifPresent(dir -> flags.addAll(List.of("-idirafter", dir.toString())));
        return flags;
    }

    /**
     * The flags as the manifest records them: like {@link #compileFlags()} but with include
     * directories relative to the project and without the host's multiarch directory, which is the
     * machine's business like the system headers.
     */
    private List<String> recordedFlags() {
        return contentFlags(settings.basedir());
    }

    /** The flags every build of the project gives, include directories relative to {@code base}. */
    private List<String> contentFlags(Path base) {
        List<String> flags = new ArrayList<>(BASE_FLAGS);
        if (settings.mcpu() != null && !settings.mcpu().isBlank()) {
            flags.add("-mcpu=" + settings.mcpu());
        }
        for (Path include : settings.includeDirectories()) {
            flags.add("-I" + checkoutIndependent(settings.basedir().resolve(include).normalize(), base));
        }
        settings.defines().forEach(define -> flags.add("-D" + define));
        flags.addAll(settings.flags());
        return flags;
    }

    /**
     * A path spelt the same in every checkout: relative to {@code base} when it lies in the checkout
     * (also above the project, {@code ../include}), absolute outside it, where it is a directory of
     * the machine like {@code /usr/include} and so in the same place on every machine.
     */
    private String checkoutIndependent(Path absolute, Path base) {
        if (!absolute.startsWith(settings.rootDirectory())) {
            return absolute.toString();
        }
        String relative = portable(base.relativize(absolute));
        return relative.isEmpty() ? "." : relative;
    }

    /**
     * Debian and Ubuntu keep {@code <asm/types.h>}, which the kernel's uapi headers include, in a
     * per-architecture directory that clang searches for the host but not for {@code -target bpf}.
     * It is added after every other directory, as a system directory so its headers stay out of
     * the dependency file like the rest of {@code /usr/include}.
     */
    private static Optional<Path> multiarchInclude() {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> System.getProperty("os.arch");
        };
        Path dir = Path.of("/usr/include", arch + "-linux-gnu");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    private void copyToOutput(List<String> objects) throws BuildFailure {
        if (settings.outputDirectory().equals(settings.objectDirectory())) {
            return;
        }
        for (String object : objects) {
            Path from = settings.objectDirectory().resolve(object);
            Path to = settings.outputDirectory().resolve(object);
            try {
                if (Files.isRegularFile(to) && Arrays.equals(Files.readAllBytes(from), Files.readAllBytes(to))) {
                    continue;
                }
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new BuildFailure("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
            }
        }
    }

    /** The sources matching the includes and none of the excludes, relative to the source directory, sorted. */
    private List<String> sources() throws BuildFailure {
        Path root = settings.sourceDirectory();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> includes = settings.includes().stream().map(p -> matcher(fs, p)).toList();
        List<PathMatcher> excludes = settings.excludes().stream().map(p -> matcher(fs, p)).toList();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .filter(rel -> includes.stream().anyMatch(m -> m.matches(rel)))
                    .filter(rel -> excludes.stream().noneMatch(m -> m.matches(rel)))
                    .map(EbpfBuild::portable)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BuildFailure("cannot list the eBPF sources in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * A glob matcher where a leading {@code **}{@code /} also matches no directory at all, as in
     * Maven's own include patterns ({@code **}{@code /*.c} matches {@code a.c} and {@code net/b.c}).
     */
    static PathMatcher matcher(FileSystem fs, String pattern) {
        PathMatcher glob = fs.getPathMatcher("glob:" + pattern);
        if (!pattern.startsWith("**/")) {
            return glob;
        }
        PathMatcher top = fs.getPathMatcher("glob:" + pattern.substring(3));
        return path -> glob.matches(path) || top.matches(path);
    }

    static String objectOf(String source) {
        return (source.endsWith(".c") ? source.substring(0, source.length() - 2) : source) + ".o";
    }

    private String display(Path path) {
        return path.startsWith(settings.basedir()) ? portable(settings.basedir().relativize(path)) : path.toString();
    }

    static String portable(Path path) {
        return path.toString().replace('\\', '/');
    }

    private static String hash(Path file) throws BuildFailure {
        try {
            return BuildManifest.hash(file);
        } catch (IOException e) {
            throw new BuildFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
