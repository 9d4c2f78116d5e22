package org.ebpftest.junit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebpftest.packet.pcap.CaptureFile;
import org.ebpftest.packet.pcap.LinkType;
import org.ebpftest.packet.pcap.PcapFormatException;
import org.ebpftest.packet.pcap.PcapRecord;
import org.ebpftest.runtime.isa.Hex;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Reads the frames of a {@link PacketFile}: a capture, a hex file, or raw bytes. */
final class PacketFiles {
    private PacketFiles() {
    }

    static List<byte[]> read(String location, Class<?> testClass, String what) {
        byte[] bytes = bytes(location, testClass, what);
        String name = location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap")) {
            return capture(bytes, location, what);
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

    private static List<byte[]> capture(byte[] bytes, String location, String what) {
        CaptureFile capture;
        try {
            capture = CaptureFile.read(bytes, location);
        } catch (PcapFormatException e) {
            throw new ExtensionConfigurationException(what + ": " + e.getMessage(), e);
        }
        List<byte[]> frames = new ArrayList<>();
        List<PcapRecord> records = capture.records();
        for (int i = 0; i < records.size(); i++) {
            PcapRecord record = records.get(i);
            if (record.linkType() != LinkType.ETHERNET) {
                throw new ExtensionConfigurationException(what + ": frame " + i + " has link type " + record.linkType()
                        + ", but programs are handed Ethernet frames (link type 1)");
            }
            if (record.isSnapped()) {
                throw new ExtensionConfigurationException(what + ": frame " + i + " was cut to " + record.capturedLength() + " of its "
                        + record.originalLength() + " bytes when captured; capture it again with a larger snap length");
            }
            frames.add(record.data());
        }
        if (frames.isEmpty()) {
            throw new ExtensionConfigurationException(what + ": the capture holds no frames");
        }
        return List.copyOf(frames);
    }
}
