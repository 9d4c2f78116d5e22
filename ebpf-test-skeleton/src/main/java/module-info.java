/**
 * The skeleton generator: a typed Java class for an eBPF object, from its BTF. The Maven plugin's
 * {@code generate} goal and the CLI's {@code skeleton} command call it; the generated code needs
 * only the runtime ({@code org.ebpftest.runtime.skeleton} and the maps' codecs).
 */
module org.ebpftest.skeleton {
    requires transitive org.ebpftest.runtime;
    // JavaPoet writes the source; none of its types appears in this module's API.
    requires com.palantir.javapoet;
    requires java.compiler;

    exports org.ebpftest.skeleton;
}
