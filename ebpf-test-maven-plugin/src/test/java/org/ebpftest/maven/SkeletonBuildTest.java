package org.ebpftest.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generate goal's work without Maven: which objects, which packages, which files are (re)written. */
class SkeletonBuildTest {
    /** The runtime's committed test objects (the working directory is this module's). */
    private static final Path SHARED_OBJECTS = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "elf");

    @TempDir
    Path project;

    private final List<String> log = new ArrayList<>();
    private Path classes;
    private Path skeletons;

    @BeforeEach
    void objectsOnTheClassPath() throws Exception {
        classes = Files.createDirectories(project.resolve("target/classes"));
        skeletons = project.resolve("target/generated-test-sources/ebpf-skeletons");
        Files.copy(SHARED_OBJECTS.resolve("globals.o"), classes.resolve("globals.o"));
        Files.createDirectories(classes.resolve("net"));
        Files.copy(SHARED_OBJECTS.resolve("maps.o"), classes.resolve("net/maps.o"));
        Files.writeString(classes.resolve("README.txt"), "not an object");
    }

    @Test
    void writesASkeletonPerObjectWithSubdirectoriesAsSubpackages() throws Exception {
        int written = build("com.example.bpf", List.of()).run(record);

        assertThat(written).isEqualTo(2);
        assertThat(Files.readString(skeletons.resolve("com/example/bpf/Globals.java")))
                .startsWith("package com.example.bpf;").contains("@Skeleton.Of(\"globals.o\")");
        assertThat(Files.readString(skeletons.resolve("com/example/bpf/net/Maps.java")))
                .startsWith("package com.example.bpf.net;").contains("@Skeleton.Of(\"net/maps.o\")");
        assertThat(log).containsExactly("INFO Generated 2 eBPF skeleton(s) in " + skeletons + ": [com.example.bpf.Globals, com.example.bpf.net.Maps]");
    }

    @Test
    void rewritesNothingWhenNothingChangedAndDeletesTheSkeletonsOfObjectsThatAreGone() throws Exception {
        build("com.example.bpf", List.of()).run(record);
        long modified = Files.getLastModifiedTime(skeletons.resolve("com/example/bpf/Globals.java")).toMillis();

        int again = build("com.example.bpf", List.of()).run(record);
        Files.delete(classes.resolve("net/maps.o"));
        build("com.example.bpf", List.of()).run(record);

        assertThat(again).isZero();
        assertThat(Files.getLastModifiedTime(skeletons.resolve("com/example/bpf/Globals.java")).toMillis()).isEqualTo(modified);
        assertThat(skeletons.resolve("com/example/bpf/net/Maps.java")).doesNotExist();
        assertThat(log).element(1).isEqualTo("INFO eBPF skeletons of 2 object(s) are up to date in " + skeletons);
        assertThat(log).element(2).isEqualTo("INFO Generated 0 eBPF skeleton(s) in " + skeletons + "; deleted 1 of objects that are gone");
    }

    @Test
    void leavesOutExcludedObjects() throws Exception {
        build("com.example.bpf", List.of("net/**")).run(record);

        assertThat(skeletons.resolve("com/example/bpf/Globals.java")).exists();
        assertThat(skeletons.resolve("com/example/bpf/net")).doesNotExist();
    }

    @Test
    void aPackageThatIsNotAJavaNameFailsTheBuildWithTheFix() {
        assertThatThrownBy(() -> build("com.my-company", List.of()).run(record))
                .isInstanceOf(BuildFailure.class)
                .hasMessage("skeletonPackage [com.my-company] is not a Java package name; set <skeletonPackage> to one, such as com.example.bpf");
    }

    @Test
    void anObjectThatCannotBeReadFailsTheBuildNamingIt() throws Exception {
        Files.writeString(classes.resolve("broken.o"), "not ELF");

        assertThatThrownBy(() -> build("com.example.bpf", List.of()).run(record))
                .isInstanceOf(BuildFailure.class)
                .hasMessageStartingWith("cannot generate the skeleton of broken.o: ")
                .hasMessageContaining("not an ELF file");
    }

    private final BuildLog record = new BuildLog() {
        @Override
        public void info(String message) {
            log.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            log.add("WARN " + message);
        }

        @Override
        public void error(String message) {
            log.add("ERROR " + message);
        }
    };

    private SkeletonBuild build(String pkg, List<String> excludes) {
        return new SkeletonBuild(classes, List.of("**/*.o"), excludes, pkg, skeletons);
    }
}
