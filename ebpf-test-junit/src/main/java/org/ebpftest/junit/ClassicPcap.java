package org.ebpftest.junit;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Writes frames as a classic pcap file (version 2.4, little-endian, microsecond timestamps,
 * Ethernet link type) that Wireshark and tcpdump open.
 *
 * <p>The assertions module has a full pcap and pcapng writer, but this module does not depend on
 * it: that would put AssertJ, which the assertions module needs at compile time, on the class path
 * of every project using the extension, for the twenty lines below. This module's tests read the
 * files back with the assertions module's reader, so the two stay in agreement.
 */
final class ClassicPcap {
    private static final long MAGIC_MICROSECONDS = 0xa1b2c3d4L;
    /** LINKTYPE_ETHERNET. */
    private static final int ETHERNET = 1;
    /** The largest frame tcpdump captures by default, and so the snap length it writes. */
    private static final int SNAP_LENGTH = 262144;

    private ClassicPcap() {
    }

    /**
     * The file image: the frames in order, the n-th (from 0) stamped n microseconds after the
     * epoch, so that the file never depends on when it was written.
     */
    static byte[] write(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u32(out, MAGIC_MICROSECONDS);
        u16(out, 2);
        u16(out, 4);
        u32(out, 0); // thiszone: timestamps are UTC
        u32(out, 0); // sigfigs
        u32(out, SNAP_LENGTH);
        u32(out, ETHERNET);
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = frames.get(i);
            u32(out, 0);
            u32(out, i);
            u32(out, frame.length);
            u32(out, frame.length);
            out.write(frame, 0, frame.length);
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) v & 0xffff);
        u16(out, (int) (v >>> 16) & 0xffff);
    }
}
