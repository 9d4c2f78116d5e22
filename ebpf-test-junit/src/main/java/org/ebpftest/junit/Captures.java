package org.ebpftest.junit;

import java.util.ArrayList;
import java.util.List;
import org.ebpftest.assertions.packet.pcap.CaptureFile;
import org.ebpftest.assertions.packet.pcap.PcapFormatException;
import org.ebpftest.assertions.packet.pcap.PcapRecord;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Frames from pcap and pcapng files, read with the assertions module's reader. Kept in its own
 * class so that nothing of that optional dependency is loaded unless a capture is injected.
 */
final class Captures {
    /** The pcap link type of Ethernet frames, the only kind programs are handed. */
    private static final int ETHERNET = 1;

    private Captures() {
    }

    static List<byte[]> frames(byte[] bytes, String location, String what) {
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
            if (record.linkType() != ETHERNET) {
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
