package org.ebpftest.skeleton;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import java.util.Objects;
import javax.lang.model.SourceVersion;
import org.ebpftest.runtime.elf.ObjectSpec;

/**
 * Generates the typed skeleton of an eBPF object from its BTF: a class named after the object with
 * its programs ({@link org.ebpftest.runtime.skeleton.ProgramHandle}s), its maps as
 * {@link org.ebpftest.runtime.linux.maps.TypedMap}s whose keys and values are generated records (nested
 * structs, arrays, unions, enums, bitfields and {@code __be} fields, each with a codec to the bytes the
 * program stores), its global variables before and after load, and its ring-buffer and perf records
 * where the BTF names their type.
 *
 * <pre>{@code
 * GeneratedSkeleton s = SkeletonGenerator.generate(ObjectSpec.load(path), "xdp_firewall.o", "com.example.bpf");
 * s.writeTo(Path.of("target/generated-test-sources/ebpf-skeletons"));
 * }</pre>
 */
public final class SkeletonGenerator {
    private SkeletonGenerator() {
    }

    /**
     * The skeleton of an object.
     *
     * @param spec the parsed object
     * @param objectFile the name tests load it by ({@code xdp_firewall.o}, {@code net/lb.o}); the class is named after its file name
     * @param packageName the Java package, empty for none
     * @throws IllegalArgumentException when the package is not a Java package name
     * @throws SkeletonException when a type of the object has no Java view, or a record tag names a type the BTF lacks
     */
    public static GeneratedSkeleton generate(ObjectSpec spec, String objectFile, String packageName) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(objectFile, "objectFile");
        Objects.requireNonNull(packageName, "packageName");
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new IllegalArgumentException("skeleton package [" + packageName + "] is not a Java package name, such as com.example.bpf");
        }
        ClassName name = ClassName.get(packageName, JavaNames.forObject(objectFile));
        JavaFile file = JavaFile.builder(packageName, new SkeletonWriter(spec, objectFile, name).build())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
        return new GeneratedSkeleton(packageName, name.simpleName(), file.toString());
    }
}
