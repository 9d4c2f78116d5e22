package org.ebpftest.skeleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles generated sources with the JDK's compiler, against the test class path, and loads them. */
final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /**
     * Compiles sources (file path under the source root to text) into {@code work} and returns a
     * class loader for them.
     *
     * @throws AssertionError with the compiler's messages when they do not compile
     */
    static ClassLoader compile(Path work, Map<Path, String> sources) {
        try {
            Path src = Files.createDirectories(work.resolve("src"));
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "-d", classes.toString(),
                    "-cp", System.getProperty("java.class.path")));
            for (Map.Entry<Path, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            int status = compiler.run(null, messages, messages, args.toArray(String[]::new));
            if (status != 0) {
                throw new AssertionError("generated source does not compile:\n" + messages);
            }
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, InMemoryCompiler.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
