package org.ebpftest.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Maven that runs this build on a small project, offline, against the repository that
 * invoker:install filled under target/it-repo; everything else (Maven's own plugins) is read from
 * the user's local repository as a read-only tail, so nothing is ever installed there.
 *
 * @param exitCode Maven's exit code
 * @param output everything Maven printed
 */
record MavenRun(int exitCode, String output) {

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the integration tests"
                    + " through Maven (failsafe sets it in ebpf-test-maven-plugin/pom.xml)");
        }
        return value;
    }

    static MavenRun in(Path project, String... arguments) throws IOException, InterruptedException {
        // An empty .mvn marks the project as the root, so Maven does not pick up this checkout's .mvn.
        Files.createDirectories(project.resolve(".mvn"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(property("maven.home"), "bin", "mvn").toString(),
                "-B", "-o", "--no-transfer-progress",
                "-Dmaven.repo.local=" + property("ebpftest.it.repo"),
                "-Dmaven.repo.local.tail=" + property("ebpftest.it.tail")));
        command.addAll(List.of(arguments));
        Path log = project.resolve("build.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // These builds are a few seconds long: a JVM that skips the optimising compiler starts them sooner.
        builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("Maven did not finish within 5 minutes in " + project + "; see " + log);
        }
        return new MavenRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Empties and recreates a project directory under target/it. */
    static Path freshProject(String name) throws IOException {
        Path dir = Path.of("target", "it", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
