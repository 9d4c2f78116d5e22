package org.ebpftest.junit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Finds the bytes of a declared object, or of a file a test injects ({@link PacketFile}): a
 * class-path resource next to the declaring class or at the root of the class path, or a file.
 */
final class ObjectLocator {
    static final String CLASSPATH = "classpath:";
    static final String FILE = "file:";

    private ObjectLocator() {
    }

    /** The bytes of an object and a key that identifies where they came from, for caching. */
    record Located(String key, String fileName, byte[] bytes) {
    }

    /** The location without its {@code classpath:} or {@code file:} prefix. */
    static String withoutScheme(String location) {
        if (location.startsWith(CLASSPATH)) {
            return location.substring(CLASSPATH.length());
        }
        if (location.startsWith(FILE)) {
            return location.substring(FILE.length());
        }
        return location;
    }

    /**
     * Reads a declared object.
     *
     * @throws ExtensionConfigurationException naming the declaration when the object is not there or cannot be read
     */
    static Located locate(Declaration declaration) {
        String location = declaration.location();
        if (location.isEmpty()) {
            throw new ExtensionConfigurationException("@BpfObject on [" + Names.of(declaration.declaringClass())
                    + "] names no object; give a class-path resource or a file, such as @BpfObject(\"xdp_fw.o\")");
        }
        if (location.startsWith(FILE) || (!location.startsWith(CLASSPATH) && isAbsoluteFile(location))) {
            return file(declaration.describe(), Path.of(withoutScheme(location)));
        }
        return resource(declaration.describe(), declaration.declaringClass(), withoutScheme(location),
                "put the object in the test resources, or give a file with \"file:path/to/object.o\"");
    }

    private static boolean isAbsoluteFile(String location) {
        try {
            return Path.of(location).isAbsolute();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * Reads a file; {@code what} names it in messages.
     *
     * @throws ExtensionConfigurationException when it is not there or cannot be read
     */
    static Located file(String what, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            String hint = path.isAbsolute() ? "check the path" : "relative file paths resolve against the working directory";
            throw new ExtensionConfigurationException(what + " not found: there is no file [" + absolute + "]; " + hint);
        }
        try {
            return new Located(absolute.toUri().toString(), absolute.getFileName().toString(), Files.readAllBytes(absolute));
        } catch (IOException e) {
            throw new ExtensionConfigurationException(what + " cannot be read: " + e, e);
        }
    }

    /**
     * Reads a class-path resource, looked up next to {@code owner} and then from the root ({@code /x}
     * only from the root); {@code what} names it in messages and {@code fix} says what to do when it is missing.
     *
     * @throws ExtensionConfigurationException when it is not there or cannot be read
     */
    static Located resource(String what, Class<?> owner, String name, String fix) {
        String packagePath = owner.getPackageName().replace('.', '/');
        String root = name.startsWith("/") ? name.substring(1) : name;
        String besideClass = packagePath.isEmpty() || name.startsWith("/") ? null : packagePath + "/" + name;
        ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader() : ClassLoader.getSystemClassLoader();
        URL url = besideClass != null ? loader.getResource(besideClass) : null;
        if (url == null) {
            url = loader.getResource(root);
        }
        if (url == null) {
            String looked = besideClass != null ? "[" + besideClass + "] and [" + root + "]" : "[" + root + "]";
            throw new ExtensionConfigurationException(what + " not found on the class path: looked for " + looked + "; " + fix);
        }
        try (InputStream in = url.openStream()) {
            String path = url.getPath();
            return new Located(url.toString(), path.substring(path.lastIndexOf('/') + 1), in.readAllBytes());
        } catch (IOException e) {
            throw new ExtensionConfigurationException(what + " cannot be read from [" + url + "]: " + e, e);
        }
    }
}
