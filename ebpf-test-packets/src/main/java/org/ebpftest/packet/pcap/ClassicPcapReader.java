package org.ebpftest.packet.pcap;

import java.util.ArrayList;
import java.util.List;

/** Reads classic pcap: a 24-byte global header, then 16-byte record headers each followed by its data. */
final class ClassicPcapReader extends Reader {

    static final long MAGIC_MICROS = 0xa1b2c3d4L;
    static final long MAGIC_NANOS = 0xa1b23c4dL;
    static final int GLOBAL_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;

    ClassicPcapReader(byte[] bytes, String name) {
        super(bytes, name);
    }

    CaptureFile read() {
        if (bytes.length < GLOBAL_HEADER_LENGTH) {
            throw fail(0, "file header", "file has " + bytes.length + " bytes, too few for a pcap file header ("
                    + GLOBAL_HEADER_LENGTH + ") or a pcapng section header");
        }
        bigEndian = true;
        long magic = u32(0);
        boolean nanos;
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            nanos = magic == MAGIC_NANOS;
        } else {
            bigEndian = false;
            magic = u32(0);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                throw fail(0, "file header", String.format(
                        "magic 0x%08x is neither pcap (a1b2c3d4, a1b23c4d) nor pcapng (0a0d0d0a)", u32BigEndian()));
            }
            nanos = magic == MAGIC_NANOS;
        }
        int major = u16(4);
        int minor = u16(6);
        if (major != 2) {
            throw fail(4, "file header", "unsupported pcap version " + major + "." + minor + " (expected 2.4)");
        }
        long snapLength = u32(16);
        int linkType = (int) (u32(20) & 0xffff);
        List<PcapRecord> records = new ArrayList<>();
        long offset = GLOBAL_HEADER_LENGTH;
        int number = 1;
        while (offset < bytes.length) {
            String where = "record " + number;
            if (remaining(offset) < RECORD_HEADER_LENGTH) {
                throw fail(offset, where, "record header needs " + RECORD_HEADER_LENGTH + " bytes but "
                        + remaining(offset) + " remain");
            }
            long seconds = u32(offset);
            long fraction = u32(offset + 4);
            long captured = u32(offset + 8);
            long original = u32(offset + 12);
            if (fraction >= (nanos ? 1_000_000_000L : 1_000_000L)) {
                throw fail(offset, where, (nanos ? "nanoseconds " : "microseconds ") + fraction
                        + " are a second or more");
            }
            if (snapLength != 0 && captured > snapLength) {
                throw fail(offset, where, "captured length " + captured + " exceeds snap length " + snapLength);
            }
            if (captured > remaining(offset + RECORD_HEADER_LENGTH)) {
                throw fail(offset, where, "captured length " + captured + " but only "
                        + remaining(offset + RECORD_HEADER_LENGTH) + " bytes remain in the file");
            }
            if (original < captured) {
                throw fail(offset, where, "original length " + original + " is less than the captured length " + captured);
            }
            if (original > Integer.MAX_VALUE) {
                throw fail(offset, where, "original length " + original + " is more than 2 GiB");
            }
            long timestamp = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
            records.add(new PcapRecord(timestamp, (int) original, slice(offset + RECORD_HEADER_LENGTH, (int) captured),
                    linkType, 0));
            offset += RECORD_HEADER_LENGTH + captured;
            number++;
        }
        CaptureFile.Interface iface = new CaptureFile.Interface(linkType, snapLength, nanos ? 9 : 6);
        return new CaptureFile(name, CaptureFile.Format.PCAP, List.of(iface), records);
    }

    private long u32BigEndian() {
        return (bytes[0] & 0xffL) << 24 | (bytes[1] & 0xffL) << 16 | (bytes[2] & 0xffL) << 8 | (bytes[3] & 0xffL);
    }
}
