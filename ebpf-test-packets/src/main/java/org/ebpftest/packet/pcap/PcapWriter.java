package org.ebpftest.packet.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes records as a little-endian classic pcap or pcapng file, with Ethernet link type and
 * microsecond timestamps unless configured otherwise.
 *
 * <pre>{@code
 * byte[] file = PcapWriter.pcap().write(List.of(PcapRecord.of(frame)));
 * PcapWriter.pcapng().linkType(LinkType.RAW).nanosecondTimestamps().write(path, records);
 * }</pre>
 *
 * <p>Every record is written with this writer's link type and on interface 0; the record's own
 * link type and interface are ignored.
 */
public final class PcapWriter {

    /** Snap length written when none is set, the tcpdump default. */
    public static final int DEFAULT_SNAP_LENGTH = 262144;

    private final CaptureFile.Format format;
    private int linkType = LinkType.ETHERNET;
    private long snapLength = DEFAULT_SNAP_LENGTH;
    private boolean nanos;

    private PcapWriter(CaptureFile.Format format) {
        this.format = format;
    }

    /** A writer of classic pcap (version 2.4). */
    public static PcapWriter pcap() {
        return new PcapWriter(CaptureFile.Format.PCAP);
    }

    /** A writer of pcapng (version 1.0) with one section and one interface. */
    public static PcapWriter pcapng() {
        return new PcapWriter(CaptureFile.Format.PCAPNG);
    }

    /** Sets the LINKTYPE_ value of the file (default {@link LinkType#ETHERNET}). */
    public PcapWriter linkType(int linkType) {
        if (linkType < 0 || linkType > 0xffff) {
            throw new IllegalArgumentException("link type must be between 0 and 65535 but was " + linkType);
        }
        this.linkType = linkType;
        return this;
    }

    /** Sets the snap length (default 262144); records with more captured bytes are refused. */
    public PcapWriter snapLength(long snapLength) {
        if (snapLength < 0 || snapLength > 0xffffffffL) {
            throw new IllegalArgumentException("snap length must be an unsigned 32-bit value but was " + snapLength);
        }
        this.snapLength = snapLength;
        return this;
    }

    /** Writes nanosecond timestamps instead of microseconds (pcap magic a1b23c4d, pcapng if_tsresol 9). */
    public PcapWriter nanosecondTimestamps() {
        this.nanos = true;
        return this;
    }

    /** Encodes the records as a file image. */
    public byte[] write(List<PcapRecord> records) {
        Objects.requireNonNull(records, "records");
        Out out = new Out();
        if (format == CaptureFile.Format.PCAP) {
            writePcap(out, records);
        } else {
            writePcapng(out, records);
        }
        return out.toByteArray();
    }

    /**
     * Writes the records to a file, replacing it.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void write(Path file, List<PcapRecord> records) {
        byte[] image = write(records);
        try {
            Files.write(file, image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write capture file " + file, e);
        }
    }

    private void writePcap(Out out, List<PcapRecord> records) {
        out.u32(nanos ? ClassicPcapReader.MAGIC_NANOS : ClassicPcapReader.MAGIC_MICROS);
        out.u16(2);
        out.u16(4);
        out.u32(0);
        out.u32(0);
        out.u32(snapLength);
        out.u32(linkType);
        for (int i = 0; i < records.size(); i++) {
            PcapRecord r = check(i, records.get(i));
            long seconds = Math.floorDiv(r.timestampNanos(), 1_000_000_000L);
            long fraction = Math.floorMod(r.timestampNanos(), 1_000_000_000L);
            if (seconds > 0xffffffffL || seconds < 0) {
                throw new IllegalArgumentException("record " + (i + 1) + ": timestamp " + r.timestamp()
                        + " does not fit the 32-bit seconds of classic pcap; use pcapng");
            }
            out.u32(seconds);
            out.u32(nanos ? fraction : fraction / 1000);
            out.u32(r.capturedLength());
            out.u32(r.originalLength());
            out.bytes(r.data());
        }
    }

    private void writePcapng(Out out, List<PcapRecord> records) {
        out.u32(PcapngReader.SECTION_HEADER);
        out.u32(28);
        out.u32(PcapngReader.BYTE_ORDER_MAGIC);
        out.u16(1);
        out.u16(0);
        out.u32(0xffffffffL); // section length unknown (-1)
        out.u32(0xffffffffL);
        out.u32(28);

        int idbLength = nanos ? 32 : 20;
        out.u32(PcapngReader.INTERFACE_DESCRIPTION);
        out.u32(idbLength);
        out.u16(linkType);
        out.u16(0);
        out.u32(snapLength);
        if (nanos) {
            out.u16(PcapngReader.OPTION_TSRESOL);
            out.u16(1);
            out.u32(9); // the resolution byte, then three bytes of padding
            out.u16(PcapngReader.OPTION_END);
            out.u16(0);
        }
        out.u32(idbLength);

        for (int i = 0; i < records.size(); i++) {
            PcapRecord r = check(i, records.get(i));
            if (r.timestampNanos() < 0) {
                throw new IllegalArgumentException("record " + (i + 1) + ": timestamp " + r.timestamp()
                        + " is before 1970, which pcapng cannot express");
            }
            long ticks = nanos ? r.timestampNanos() : r.timestampNanos() / 1000;
            int padded = (r.capturedLength() + 3) / 4 * 4;
            int length = 32 + padded;
            out.u32(PcapngReader.ENHANCED_PACKET);
            out.u32(length);
            out.u32(0);
            out.u32(ticks >>> 32);
            out.u32(ticks & 0xffffffffL);
            out.u32(r.capturedLength());
            out.u32(r.originalLength());
            out.bytes(r.data());
            out.bytes(new byte[padded - r.capturedLength()]);
            out.u32(length);
        }
    }

    private PcapRecord check(int index, PcapRecord record) {
        Objects.requireNonNull(record, "record " + (index + 1));
        if (snapLength != 0 && record.capturedLength() > snapLength) {
            throw new IllegalArgumentException("record " + (index + 1) + " has " + record.capturedLength()
                    + " captured bytes, more than the snap length " + snapLength);
        }
        return record;
    }

    /** Little-endian output. */
    private static final class Out extends ByteArrayOutputStream {
        void u16(int v) {
            write(v);
            write(v >>> 8);
        }

        void u32(long v) {
            u16((int) v & 0xffff);
            u16((int) (v >>> 16) & 0xffff);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
