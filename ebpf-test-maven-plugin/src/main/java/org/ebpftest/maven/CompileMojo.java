package org.ebpftest.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the project's eBPF C sources with clang ({@code -O2 -g -target bpf} and the flags
 * configured here) and puts the objects on the class path, so a test names them as
 * {@code @BpfObject("prog.o")}.
 *
 * <p>Each object is recompiled only when its source, a header it included, or the flags changed;
 * {@value BuildManifest#FILE_NAME} in the object directory records what each object was built from.
 * Kept in the repository ({@code objectDirectory} next to the sources), the objects and the manifest
 * let a machine without clang run the tests, and make the build fail when an object no longer
 * matches its sources.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class CompileMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File basedir;

    /**
     * The top of the checkout, as Maven finds it (the directory holding {@code .mvn}, else where Maven
     * was started). Include directories under it are recorded relative to the project, so every
     * checkout writes the same manifest and objects.
     */
    @Parameter(defaultValue = "${maven.multiModuleProjectDirectory}", readonly = true)
    private File rootDirectory;

    /** The directory holding the C sources; clang runs in it. */
    @Parameter(property = "ebpftest.sourceDirectory", defaultValue = "${project.basedir}/src/main/bpf", required = true)
    private File sourceDirectory;

    /** Which files of the source directory to compile (globs relative to it). */
    @Parameter(defaultValue = "**/*.c")
    private List<String> includes;

    /** Which of the included files to leave out. */
    @Parameter
    private List<String> excludes;

    /**
     * Where the objects and the manifest are kept. Set it to the source directory to commit the
     * objects next to the sources, for machines without clang.
     */
    @Parameter(property = "ebpftest.objectDirectory", defaultValue = "${project.build.directory}/bpf", required = true)
    private File objectDirectory;

    /** Where the objects are copied for the class path (tests and the jar). */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File outputDirectory;

    @Parameter(defaultValue = "${project.build.directory}/ebpf-test", readonly = true, required = true)
    private File workDirectory;

    /** The clang to use: a path, or a program name on the PATH; by default the newest clang on the PATH. */
    @Parameter(property = "ebpftest.clang")
    private String clang;

    /** The BPF instruction set version clang targets ({@code v1} to {@code v4}); clang's default when unset. */
    @Parameter(property = "ebpftest.mcpu")
    private String mcpu;

    /** Directories for {@code #include}, as {@code -I}. */
    @Parameter
    private List<File> includeDirectories;

    /** Preprocessor definitions, {@code NAME} or {@code NAME=VALUE}, as {@code -D}. */
    @Parameter
    private List<String> defines;

    /** Further clang arguments, after the others (for example {@code -Wall}, {@code -Werror}). */
    @Parameter
    private List<String> flags;

    /**
     * Fails the build on a stale object instead of compiling it: for CI, where clang may be present
     * but committed objects must already match their sources.
     */
    @Parameter(property = "ebpftest.failOnStale", defaultValue = "false")
    private boolean failOnStale;

    /** Skips compiling and copying the objects. */
    @Parameter(property = "ebpftest.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("Skipping eBPF compilation (ebpftest.skip)");
            return;
        }
        Path project = basedir.toPath().toAbsolutePath().normalize();
        BuildSettings settings = new BuildSettings(
                project,
                rootOf(project),
                sourceDirectory.toPath().toAbsolutePath().normalize(),
                includes == null || includes.isEmpty() ? List.of("**/*.c") : includes,
                excludes == null ? List.of() : excludes,
                objectDirectory.toPath().toAbsolutePath().normalize(),
                outputDirectory.toPath().toAbsolutePath().normalize(),
                workDirectory.toPath().toAbsolutePath().normalize(),
                clang,
                System.getenv("PATH"),
                mcpu,
                includeDirectories == null ? List.of() : includeDirectories.stream().map(File::toPath).toList(),
                defines == null ? List.of() : defines,
                flags == null ? List.of() : flags,
                failOnStale);
        try {
            new EbpfBuild(settings, BuildLog.of(getLog())).run();
        } catch (BuildFailure failure) {
            throw new MojoFailureException(failure.getMessage(), failure);
        }
    }

    /**
     * Maven's root directory when it holds the project; otherwise (Maven started elsewhere, or an
     * embedder that does not set it) the project itself, which keeps paths outside it absolute.
     */
    private Path rootOf(Path project) {
        if (rootDirectory == null) {
            return project;
        }
        Path root = rootDirectory.toPath().toAbsolutePath().normalize();
        return project.startsWith(root) ? root : project;
    }
}
