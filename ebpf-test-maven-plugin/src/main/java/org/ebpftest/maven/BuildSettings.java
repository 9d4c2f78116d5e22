package org.ebpftest.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * What to compile and how, as the mojo's parameters give it.
 *
 * @param basedir the project directory; paths in the manifest are relative to it
 * @param rootDirectory the top of the checkout (Maven's root directory, where {@code .mvn} is), at or
 *     above {@code basedir}: include directories and headers under it are given to clang and recorded
 *     by relative paths, which are the same in every checkout; those outside it (system directories)
 *     by absolute ones, which are the same on every machine
 * @param sourceDirectory where the C sources are; clang runs in it
 * @param includes glob patterns of the sources, relative to the source directory
 * @param excludes glob patterns of sources to leave out
 * @param objectDirectory where the objects and their manifest are kept (in the build directory, or
 *     committed next to the sources)
 * @param outputDirectory where the objects are copied for the class path; may equal the object
 *     directory
 * @param workDirectory scratch space in the build directory (dependency files, fresh objects)
 * @param clang the configured clang (path or name), or null for the newest on the PATH
 * @param searchPath the PATH to look for clang in
 * @param mcpu the {@code -mcpu} value (v1..v4), or null for clang's default
 * @param includeDirectories {@code -I} directories
 * @param defines {@code -D} definitions, {@code NAME} or {@code NAME=VALUE}
 * @param flags further clang arguments, passed as they are after the others
 * @param failOnStale fail on a stale object instead of compiling it, for CI checking that the
 *     committed objects were rebuilt and committed with their sources
 */
record BuildSettings(
        Path basedir,
        Path rootDirectory,
        Path sourceDirectory,
        List<String> includes,
        List<String> excludes,
        Path objectDirectory,
        Path outputDirectory,
        Path workDirectory,
        String clang,
        String searchPath,
        String mcpu,
        List<Path> includeDirectories,
        List<String> defines,
        List<String> flags,
        boolean failOnStale) {

    BuildSettings {
        if (!basedir.startsWith(rootDirectory)) {
            throw new IllegalArgumentException("the root directory [" + rootDirectory
                    + "] must hold the project directory [" + basedir + "]");
        }
    }
}
