package org.ebpftest.packet.pcap;

/**
 * A capture file that is not valid pcap or pcapng; the message names the file, the record or block
 * and its offset, such as
 * {@code capture.pcap: record 3 at offset 0x5c: captured length 70000 exceeds snap length 65535}.
 */
public final class PcapFormatException extends IllegalArgumentException {

    private final String source;
    private final long offset;

    PcapFormatException(String source, long offset, String where, String problem) {
        super(source + ": " + where + " at offset 0x" + Long.toHexString(offset) + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    /** The name of the file or buffer, as given to the reader. */
    public String source() {
        return source;
    }

    /** Offset in the file of the record, block or header that is malformed. */
    public long offset() {
        return offset;
    }
}
