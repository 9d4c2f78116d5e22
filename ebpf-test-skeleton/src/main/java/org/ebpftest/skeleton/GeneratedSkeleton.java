package org.ebpftest.skeleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java source of one skeleton and where it goes.
 *
 * @param packageName the package, empty for the unnamed package
 * @param className the class's simple name
 * @param source the source text
 */
public record GeneratedSkeleton(String packageName, String className, String source) {
    /** The class's binary name: {@code com.example.bpf.XdpFirewall}. */
    public String qualifiedName() {
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /** The source file's path under a source root: {@code com/example/bpf/XdpFirewall.java}. */
    public Path relativePath() {
        Path dir = Path.of("");
        for (String part : packageName.isEmpty() ? new String[0] : packageName.split("\\.")) {
            dir = dir.resolve(part);
        }
        return dir.resolve(className + ".java");
    }

    /**
     * Writes the source under a source root, unless the file there already holds exactly this text
     * (so a build that changed nothing does not recompile the tests).
     *
     * @return true if the file was written
     * @throws IOException when the file cannot be written
     */
    public boolean writeTo(Path sourceRoot) throws IOException {
        Path file = sourceRoot.resolve(relativePath());
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return true;
    }
}
