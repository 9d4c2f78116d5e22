package org.ebpftest.runtime.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.ebpftest.runtime.isa.InstructionCodec;
import org.ebpftest.runtime.vm.Program;

/** Loads the fixtures under src/test/resources/linux: raw program bytes, packets and kernel-confirmed expectations. */
public final class KernelFixtures {
    private KernelFixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = KernelFixtures.class.getResourceAsStream("/linux/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource linux/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Program program(String name) {
        return Program.of(name, InstructionCodec.decode(bytes(name + ".bin")));
    }

    /** The non-comment lines of an expectations file. */
    static List<String> cases(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
