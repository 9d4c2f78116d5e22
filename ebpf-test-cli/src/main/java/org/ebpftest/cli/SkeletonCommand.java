package org.ebpftest.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.skeleton.GeneratedSkeleton;
import org.ebpftest.skeleton.SkeletonGenerator;

/**
 * {@code skeleton OBJECT.o}: writes the typed Java skeleton of an object (the Maven plugin's
 * {@code generate} goal does the same for a build) and prints the file's path.
 */
final class SkeletonCommand {
    static final String USAGE = """
            usage: java -jar ebpf-test.jar skeleton OBJECT.o [--package PACKAGE] [--output DIR] [--name NAME] [--debug]
              --package PACKAGE  the Java package of the class (default: none)
              --output DIR       the source root the file is written under (default: the current directory)
              --name NAME        the object's name as tests load it, such as net/lb.o (default: its file name)
              --debug            prints the stack trace of an error
            writes DIR/PACKAGE/ClassName.java, the class named after the object (xdp_firewall.o: XdpFirewall), unless it is unchanged""";

    private SkeletonCommand() {
    }

    static int run(String[] args, PrintStream out) {
        Arguments a = Arguments.parse(args, Set.of("--package", "--output", "--name"), Set.of("--debug"));
        String file = a.single("OBJECT.o");
        ObjectSpec spec = ObjectFiles.read(file);
        String name = a.value("--name").orElse(Path.of(file).getFileName().toString());
        GeneratedSkeleton skeleton = SkeletonGenerator.generate(spec, name, a.value("--package").orElse(""));
        Path root = Path.of(a.value("--output").orElse("."));
        try {
            boolean written = skeleton.writeTo(root);
            out.println(root.resolve(skeleton.relativePath()) + (written ? "" : " (unchanged)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(skeleton.relativePath()) + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
