package org.ebpftest.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps this project honest as the code users copy: its tests run on the class path, where module
 * exports are not enforced, so this test reads the library modules' descriptors and checks that
 * every library class the compiled tests refer to lies in a package exported to everyone.
 */
class ExportedApiOnlyTest {
    private static final Set<String> LIBRARY_MODULES = Set.of(
            "org.ebpftest.runtime", "org.ebpftest.packet", "org.ebpftest.assertions", "org.ebpftest.junit");

    /** A class name in internal form, as it appears in class names, descriptors and signatures. */
    private static final Pattern LIBRARY_CLASS = Pattern.compile("org/ebpftest/[A-Za-z0-9_$/]+");

    @Test
    void testsUseOnlyPackagesTheLibraryModulesExport() throws IOException, URISyntaxException {
        // Given the packages the library modules export without qualification
        Set<String> exported = exportedPackages();

        // When every compiled class of this project is searched for the library classes it names
        Path ownClasses = Path.of(ExportedApiOnlyTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> ownPackages = new TreeSet<>();
        TreeMap<String, Set<String>> used = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ownClasses)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = ownClasses.relativize(file).toString().replace(File.separatorChar, '/');
                ownPackages.add(packageOf(name));
                try (InputStream in = Files.newInputStream(file)) {
                    used.put(name, referencedLibraryClasses(in));
                }
            }
        }

        // Then none of them lies outside an exported package
        Set<String> violations = new TreeSet<>();
        used.forEach((user, classes) -> classes.stream()
                .filter(c -> !ownPackages.contains(packageOf(c)) && !exported.contains(packageOf(c)))
                .forEach(c -> violations.add(user + " uses " + c.replace('/', '.') + ", whose package "
                        + packageOf(c) + " no library module exports")));
        assertThat(used).as("compiled test classes found under %s", ownClasses).isNotEmpty();
        assertThat(violations).as("classes this project may use: exported packages %s", exported).isEmpty();
    }

    /** The unqualified exports of the library modules found on the class path; all of them must be there. */
    private static Set<String> exportedPackages() throws IOException {
        Set<String> exported = new TreeSet<>();
        Set<String> found = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean modular = Files.isRegularFile(path.resolve("module-info.class")) || isModularJar(path);
            if (!modular) {
                continue;
            }
            for (ModuleReference module : ModuleFinder.of(path).findAll()) {
                ModuleDescriptor descriptor = module.descriptor();
                if (LIBRARY_MODULES.contains(descriptor.name())) {
                    found.add(descriptor.name());
                    descriptor.exports().stream()
                            .filter(e -> !e.isQualified())
                            .forEach(e -> exported.add(e.source()));
                }
            }
        }
        assertThat(found).as("library modules with a module-info on the class path").isEqualTo(new TreeSet<>(LIBRARY_MODULES));
        return exported;
    }

    /**
     * Reads a class file's constant pool and returns the library classes named in it: class
     * references as well as the descriptors and signatures of fields, methods and annotations.
     */
    private static Set<String> referencedLibraryClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        in.readInt();                                       // magic
        in.readUnsignedShort();                             // minor version
        in.readUnsignedShort();                             // major version
        int count = in.readUnsignedShort();
        Set<String> classes = new TreeSet<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> {                                 // Utf8: names, descriptors, signatures
                    Matcher matcher = LIBRARY_CLASS.matcher(in.readUTF());
                    while (matcher.find()) {
                        classes.add(matcher.group());
                    }
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);  // Class, String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3);                // MethodHandle
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {                              // Long and Double take two slots
                    in.skipNBytes(8);
                    index++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at index " + index);
            }
        }
        return classes;
    }

    private static boolean isModularJar(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            return jar.getEntry("module-info.class") != null;
        }
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }
}
