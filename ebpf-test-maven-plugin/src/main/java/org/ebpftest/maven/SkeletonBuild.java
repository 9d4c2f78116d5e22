package org.ebpftest.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import org.ebpftest.runtime.EbpfException;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.skeleton.GeneratedSkeleton;
import org.ebpftest.skeleton.SkeletonGenerator;

/**
 * The {@code generate} goal's work, without Maven: a skeleton for every object matched under the
 * object directory, written under the skeleton directory in the configured package (an object in a
 * subdirectory, {@code net/lb.o}, goes to the subpackage {@code net}); files are rewritten only when
 * their text changes, and skeletons of objects that are gone are deleted.
 *
 * @param objectDirectory where the objects are (the compile goal's output directory by default)
 * @param includes which objects, globs relative to the object directory
 * @param excludes which of those to leave out
 * @param packageName the package of skeletons of objects at the top of the object directory
 * @param skeletonDirectory the source root the skeletons are written under; this goal owns it
 */
record SkeletonBuild(Path objectDirectory, List<String> includes, List<String> excludes, String packageName, Path skeletonDirectory) {

    /**
     * Generates the skeletons and returns how many files were written.
     *
     * @throws BuildFailure naming the object when one cannot be read or has a type with no Java view
     */
    int run(BuildLog log) throws BuildFailure {
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new BuildFailure("skeletonPackage [" + packageName + "] is not a Java package name; set <skeletonPackage> to one,"
                    + " such as com.example.bpf");
        }
        List<String> objects = objects();
        if (objects.isEmpty()) {
            log.warn("No eBPF objects matching " + includes + " in " + objectDirectory + ": no skeletons generated");
        }
        Set<Path> wanted = new HashSet<>();
        List<String> written = new ArrayList<>();
        for (String object : objects) {
            GeneratedSkeleton skeleton = generate(object);
            Path file = skeletonDirectory.resolve(skeleton.relativePath());
            wanted.add(file.normalize());
            try {
                if (skeleton.writeTo(skeletonDirectory)) {
                    written.add(skeleton.qualifiedName());
                }
            } catch (IOException e) {
                throw new BuildFailure("cannot write the skeleton of " + object + " to " + file + ": " + e.getMessage(), e);
            }
        }
        int deleted = deleteOthers(wanted);
        if (!objects.isEmpty()) {
            log.info(written.isEmpty() && deleted == 0
                    ? "eBPF skeletons of " + objects.size() + " object(s) are up to date in " + skeletonDirectory
                    : "Generated " + written.size() + " eBPF skeleton(s) in " + skeletonDirectory + (written.isEmpty() ? "" : ": " + written)
                            + (deleted == 0 ? "" : "; deleted " + deleted + " of objects that are gone"));
        }
        return written.size();
    }

    private GeneratedSkeleton generate(String object) throws BuildFailure {
        int slash = object.lastIndexOf('/');
        String pkg = packageName;
        if (slash > 0) {
            String sub = object.substring(0, slash).replace('/', '.');
            pkg = pkg.isEmpty() ? sub : pkg + "." + sub;
            if (!SourceVersion.isName(pkg)) {
                throw new BuildFailure(object + ": its directory gives the package [" + pkg + "], which is not a Java package name;"
                        + " rename the directory or exclude the object");
            }
        }
        try {
            return SkeletonGenerator.generate(ObjectSpec.load(objectDirectory.resolve(object)), object, pkg);
        } catch (EbpfException | IllegalArgumentException | UncheckedIOException e) {
            throw new BuildFailure("cannot generate the skeleton of " + object + ": " + e.getMessage(), e);
        }
    }

    /** The objects matching the includes and none of the excludes, relative to the object directory, sorted. */
    private List<String> objects() throws BuildFailure {
        if (!Files.isDirectory(objectDirectory)) {
            return List.of();
        }
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> in = includes.stream().map(p -> EbpfBuild.matcher(fs, p)).toList();
        List<PathMatcher> out = excludes.stream().map(p -> EbpfBuild.matcher(fs, p)).toList();
        try (Stream<Path> files = Files.walk(objectDirectory)) {
            return files.filter(Files::isRegularFile)
                    .map(objectDirectory::relativize)
                    .filter(rel -> in.stream().anyMatch(m -> m.matches(rel)))
                    .filter(rel -> out.stream().noneMatch(m -> m.matches(rel)))
                    .map(EbpfBuild::portable)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BuildFailure("cannot list the eBPF objects in " + objectDirectory + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the skeletons this build did not write: those of objects removed since. */
    private int deleteOthers(Set<Path> wanted) throws BuildFailure {
        if (!Files.isDirectory(skeletonDirectory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(skeletonDirectory)) {
            List<Path> stale = files.filter(f -> f.toString().endsWith(".java") && !wanted.contains(f.normalize())).toList();
            for (Path f : stale) {
                Files.delete(f);
            }
            return stale.size();
        } catch (IOException | UncheckedIOException e) {
            throw new BuildFailure("cannot clean " + skeletonDirectory + ": " + e.getMessage(), e);
        }
    }
}
