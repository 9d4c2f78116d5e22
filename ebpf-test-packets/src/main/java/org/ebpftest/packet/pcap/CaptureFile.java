package org.ebpftest.packet.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The packets of a classic pcap or a pcapng file, read completely into memory.
 *
 * <p>The format is recognised by its magic number. Malformed input raises
 * {@link PcapFormatException} with the file name and offset, never an index exception.
 */
public final class CaptureFile {

    /** The two capture file formats. */
    public enum Format {
        /** Classic libpcap format, either byte order, microsecond or nanosecond timestamps. */
        PCAP,
        /** pcapng, the block-based "next generation" format. */
        PCAPNG
    }

    /**
     * A capture interface: its link type, snap length and timestamp unit.
     *
     * @param linkType LINKTYPE_ value, see {@link LinkType}
     * @param snapLength the most bytes captured per packet (0: no limit)
     * @param resolution the timestamp unit as a pcapng {@code if_tsresol} byte: 6 for microseconds,
     *     9 for nanoseconds, {@code 0x80 | n} for 2<sup>-n</sup> seconds
     */
    public record Interface(int linkType, long snapLength, int resolution) {
    }

    private final String name;
    private final Format format;
    private final List<Interface> interfaces;
    private final List<PcapRecord> records;

    CaptureFile(String name, Format format, List<Interface> interfaces, List<PcapRecord> records) {
        this.name = name;
        this.format = format;
        this.interfaces = List.copyOf(interfaces);
        this.records = List.copyOf(records);
    }

    /**
     * Reads a file.
     *
     * @throws PcapFormatException if it is not valid pcap or pcapng
     * @throws UncheckedIOException if it cannot be read
     */
    public static CaptureFile read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read capture file " + file, e);
        }
        return read(bytes, String.valueOf(file.getFileName()));
    }

    /**
     * Reads capture bytes; {@code name} is used in error messages.
     *
     * @throws PcapFormatException if they are not valid pcap or pcapng
     */
    public static CaptureFile read(byte[] bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(name, "name");
        if (bytes.length >= 4 && PcapngReader.isPcapng(bytes)) {
            return new PcapngReader(bytes, name).read();
        }
        return new ClassicPcapReader(bytes, name).read();
    }

    /** The file name or buffer name given when reading. */
    public String name() {
        return name;
    }

    /** Which format the file has. */
    public Format format() {
        return format;
    }

    /** The capture interfaces: one for classic pcap, those of all sections for pcapng. */
    public List<Interface> interfaces() {
        return interfaces;
    }

    /** The link type of the first interface (the only one in classic pcap), or -1 if there is none. */
    public int linkType() {
        return interfaces.isEmpty() ? -1 : interfaces.get(0).linkType();
    }

    /** The packets in file order. */
    public List<PcapRecord> records() {
        return records;
    }

    @Override
    public String toString() {
        return name + " (" + format + ", " + records.size() + " records, link type " + linkType() + ")";
    }
}
