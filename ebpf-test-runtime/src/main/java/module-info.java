/**
 * The eBPF runtime: ELF/BTF loader, instruction set, interpreter and Linux emulator.
 *
 * <p>Exported packages are the API users program against. {@code json} (line-numbered JSON
 * reading) and {@code conformance} (the bpf_conformance runner) serve this project's own modules
 * only, so they are exported to those modules by name (javac cannot see those modules while it
 * compiles this one, hence the suppressed "module not found" warning).
 */
@SuppressWarnings("module")
module org.ebpftest.runtime {
    // Transitive: MapJson reads and writes map contents as Jackson trees in its public methods.
    requires transitive com.fasterxml.jackson.databind;
    // The JIT (vm.jit) writes JVM class files with ASM; no ASM type appears in the API.
    requires org.objectweb.asm;

    exports org.ebpftest.runtime;
    exports org.ebpftest.runtime.btf;
    exports org.ebpftest.runtime.context;
    exports org.ebpftest.runtime.coverage;
    exports org.ebpftest.runtime.ctest;
    exports org.ebpftest.runtime.debug;
    exports org.ebpftest.runtime.elf;
    exports org.ebpftest.runtime.isa;
    exports org.ebpftest.runtime.linux;
    exports org.ebpftest.runtime.linux.buffers;
    exports org.ebpftest.runtime.linux.helpers;
    exports org.ebpftest.runtime.linux.maps;
    exports org.ebpftest.runtime.linux.net;
    exports org.ebpftest.runtime.linux.verifier;
    exports org.ebpftest.runtime.snapshot;
    exports org.ebpftest.runtime.uapi;
    exports org.ebpftest.runtime.vm;

    exports org.ebpftest.runtime.json to org.ebpftest.junit;
    exports org.ebpftest.runtime.conformance to org.ebpftest.cli;
}
