package org.ebpftest.skeleton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's committed test objects hold most of what clang puts in BTF (every map type, CO-RE,
 * kfuncs, ksyms, per-CPU maps, maps of maps, legacy maps without BTF): each must give a skeleton that
 * javac compiles without a warning.
 */
class EveryTestObjectTest {
    /** The runtime's committed test objects (the working directory is this module's). */
    private static final Path SHARED_OBJECTS = Path.of("..", "ebpf-test-runtime", "src", "test", "resources", "elf");

    @TempDir
    Path work;

    @Test
    void generatesASkeletonThatCompilesForEveryObjectOfTheRuntimesTests() throws IOException {
        // Given every little-endian object of the runtime's tests, each in a package of its own
        List<Path> objects;
        try (Stream<Path> files = Files.list(SHARED_OBJECTS)) {
            objects = files.filter(f -> f.toString().endsWith(".o") && !f.getFileName().toString().endsWith("_bpfeb.o")).sorted().toList();
        }
        Map<Path, String> sources = new LinkedHashMap<>();
        for (Path object : objects) {
            String pkg = "objects." + JavaNames.member(object.getFileName().toString().replace(".o", "")).toLowerCase(java.util.Locale.ROOT);
            GeneratedSkeleton skeleton = SkeletonGenerator.generate(ObjectSpec.load(object), object.getFileName().toString(), pkg);
            sources.put(skeleton.relativePath(), skeleton.source());
        }

        // When they are compiled together, then javac accepts them (InMemoryCompiler fails on any warning)
        ClassLoader loader = InMemoryCompiler.compile(work, sources);
        assertThat(objects).hasSizeGreaterThan(30);
        assertThat(loader).isNotNull();
    }
}
