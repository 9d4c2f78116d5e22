package org.ebpftest.junit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebpftest.runtime.isa.Hex;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Reads the frames of a {@link PacketFile}: a capture, a hex file, or raw bytes. */
final class PacketFiles {
    private static final String CAPTURE_READER = "org.ebpftest.assertions.packet.pcap.CaptureFile";

    private PacketFiles() {
    }

    static List<byte[]> read(String location, Class<?> testClass, String what) {
        byte[] bytes = bytes(location, testClass, what);
        String name = location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap")) {
            return capture(bytes, location, testClass, what);
        }
        if (name.endsWith(".hex") || name.endsWith(".txt")) {
            return hex(bytes, what);
        }
        if (bytes.length == 0) {
            throw new ExtensionConfigurationException(what + ": the file is empty");
        }
        return List.of(bytes);
    }

    private static byte[] bytes(String location, Class<?> testClass, String what) {
        return FileLocator.one(what, testClass, location, "put the file in the test resources, or give a file with \"file:path/to/file\"").bytes();
    }

    private static List<byte[]> hex(byte[] bytes, String what) {
        List<byte[]> frames = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf('#');
            String digits = (comment < 0 ? line : line.substring(0, comment)).replace(":", "");
            if (digits.isBlank()) {
                continue;
            }
            try {
                frames.add(Hex.parse(digits));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(what + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (frames.isEmpty()) {
            throw new ExtensionConfigurationException(what + ": the file holds no frames; write one frame per line in hex");
        }
        return List.copyOf(frames);
    }

    private static List<byte[]> capture(byte[] bytes, String location, Class<?> testClass, String what) {
        try {
            Class.forName(CAPTURE_READER, false, testClass.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExtensionConfigurationException(what + ": reading a capture needs ebpf-test-assertions on the test class path;"
                    + " add it as a test dependency, or save the frames as hex in a .hex file");
        }
        return Captures.frames(bytes, location, what);
    }
}
