package org.ebpftest.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates a typed Java skeleton for every eBPF object the {@code compile} goal put on the class
 * path (or any configured directory): a class named after the object with its programs, its maps as
 * typed maps of generated records, its global variables and its ring-buffer records, and adds them to
 * the test sources. A test declares {@code XdpFirewall firewall;} in a class with
 * {@code @BpfObject("xdp_firewall.o")} and the JUnit extension fills it.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    /** Where the objects are: by default where the compile goal copies them for the class path. */
    @Parameter(property = "ebpftest.skeletonObjects", defaultValue = "${project.build.outputDirectory}", required = true)
    private File objects;

    /** Which objects to generate skeletons for (globs relative to {@code objects}). */
    @Parameter(defaultValue = "**/*.o")
    private List<String> objectIncludes;

    /** Which of the included objects to leave out. */
    @Parameter
    private List<String> objectExcludes;

    /** The Java package of the skeletons; objects in subdirectories go to subpackages. */
    @Parameter(property = "ebpftest.skeletonPackage", defaultValue = "${project.groupId}", required = true)
    private String skeletonPackage;

    /** The source root the skeletons are written under; it is added to the test sources. */
    @Parameter(property = "ebpftest.skeletonDirectory", defaultValue = "${project.build.directory}/generated-test-sources/ebpf-skeletons",
            required = true)
    private File skeletonDirectory;

    /** Skips generating skeletons. */
    @Parameter(property = "ebpftest.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("Skipping eBPF skeletons (ebpftest.skip)");
            return;
        }
        SkeletonBuild build = new SkeletonBuild(
                objects.toPath().toAbsolutePath().normalize(),
                objectIncludes == null || objectIncludes.isEmpty() ? List.of("**/*.o") : objectIncludes,
                objectExcludes == null ? List.of() : objectExcludes,
                skeletonPackage.strip(),
                skeletonDirectory.toPath().toAbsolutePath().normalize());
        try {
            build.run(BuildLog.of(getLog()));
        } catch (BuildFailure failure) {
            throw new MojoFailureException(failure.getMessage(), failure);
        }
        project.addTestCompileSourceRoot(build.skeletonDirectory().toString());
    }
}
