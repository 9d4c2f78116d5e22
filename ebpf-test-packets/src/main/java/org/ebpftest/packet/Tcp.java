package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** A TCP header with its parsed options and whether its checksum (over the IP pseudo-header) verifies. */
public final class Tcp extends Layer implements TransportHeader {

    static final int MIN_HEADER_LENGTH = 20;

    private final int sourcePort;
    private final int destinationPort;
    private final long sequenceNumber;
    private final long acknowledgmentNumber;
    private final int dataOffset;
    private final int flagBits;
    private final int window;
    private final int checksum;
    private final int urgentPointer;
    private final List<TcpOption> options;
    private final List<Integer> optionOffsets;
    private final Checked checked;

    Tcp(byte[] frame, int offset, int available, boolean truncated, Checked checked, List<String> problems) {
        super(offset, Math.min(available, Math.max(MIN_HEADER_LENGTH, (Bytes.u8(frame, offset + 12) >>> 4) * 4)), truncated);
        this.sourcePort = Bytes.u16(frame, offset);
        this.destinationPort = Bytes.u16(frame, offset + 2);
        this.sequenceNumber = Bytes.u32(frame, offset + 4);
        this.acknowledgmentNumber = Bytes.u32(frame, offset + 8);
        this.dataOffset = Bytes.u8(frame, offset + 12) >>> 4;
        this.flagBits = Bytes.u8(frame, offset + 13);
        this.window = Bytes.u16(frame, offset + 14);
        this.checksum = Bytes.u16(frame, offset + 16);
        this.urgentPointer = Bytes.u16(frame, offset + 18);
        List<Integer> offsets = new ArrayList<>();
        this.options = List.copyOf(TcpOption.parse(frame, offset + MIN_HEADER_LENGTH, end(), offsets, problems));
        this.optionOffsets = List.copyOf(offsets);
        this.checked = checked;
    }

    @Override
    public String name() {
        return "TCP";
    }

    /** Source port. */
    @Override
    public int sourcePort() {
        return sourcePort;
    }

    /** Destination port. */
    @Override
    public int destinationPort() {
        return destinationPort;
    }

    /** Sequence number, unsigned. */
    public long sequenceNumber() {
        return sequenceNumber;
    }

    /** Acknowledgment number, unsigned. */
    public long acknowledgmentNumber() {
        return acknowledgmentNumber;
    }

    /** The data offset field: header length in 32-bit words. */
    public int dataOffset() {
        return dataOffset;
    }

    /** The flags byte. */
    public int flagBits() {
        return flagBits;
    }

    /** The flags that are set. */
    public Set<TcpFlag> flags() {
        return TcpFlag.fromBits(flagBits);
    }

    /** Whether {@code flag} is set. */
    public boolean has(TcpFlag flag) {
        return (flagBits & flag.mask()) != 0;
    }

    /** The window field, unscaled. */
    public int window() {
        return window;
    }

    /** The checksum as sent. */
    @Override
    public int checksum() {
        return checksum;
    }

    /** The checksum the segment should carry, or -1 when it cannot be computed. */
    @Override
    public int computedChecksum() {
        return checked.computed();
    }

    /** Whether the checksum verifies; UNVERIFIABLE for truncated segments and IP fragments. */
    @Override
    public ChecksumStatus checksumStatus() {
        return checked.status();
    }

    /** The urgent pointer. */
    public int urgentPointer() {
        return urgentPointer;
    }

    /** The options in header order, NOP and END included. */
    public List<TcpOption> options() {
        return options;
    }

    /** The maximum segment size option, if present. */
    public OptionalInt mss() {
        return option(TcpOption.Mss.class).map(o -> OptionalInt.of(o.value())).orElse(OptionalInt.empty());
    }

    /** The window scale shift count, if present. */
    public OptionalInt windowScale() {
        return option(TcpOption.WindowScale.class).map(o -> OptionalInt.of(o.shift())).orElse(OptionalInt.empty());
    }

    /** Whether the SACK-permitted option is present. */
    public boolean sackPermitted() {
        return option(TcpOption.SackPermitted.class).isPresent();
    }

    /** The SACK blocks, empty without a SACK option. */
    public List<TcpOption.SackBlock> sackBlocks() {
        return option(TcpOption.Sack.class).map(TcpOption.Sack::blocks).orElse(List.of());
    }

    /** The timestamps option, if present. */
    public Optional<TcpOption.Timestamps> timestamps() {
        return option(TcpOption.Timestamps.class);
    }

    /** The first option of a type, if present. */
    public <T extends TcpOption> Optional<T> option(Class<T> type) {
        return options.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("source port", 0, 2).add("destination port", 2, 2).add("sequence number", 4, 4)
                .add("acknowledgment number", 8, 4).add("data offset", 12, 1).add("flags", 13, 1)
                .add("window", 14, 2).add("checksum", 16, 2).add("urgent pointer", 18, 2);
        int covered = MIN_HEADER_LENGTH;
        for (int i = 0; i < options.size(); i++) {
            int rel = optionOffsets.get(i) - offset();
            int len = i + 1 < options.size() ? optionOffsets.get(i + 1) - optionOffsets.get(i)
                    : options.get(i).toBytes().length;
            fields.add("option " + options.get(i).name(), rel, len);
            covered = rel + len;
        }
        fields.add("options padding", covered, length() - covered);
    }

    @Override
    public String toString() {
        return "TCP " + sourcePort + " > " + destinationPort + " " + flags() + " seq " + sequenceNumber + " ack "
                + acknowledgmentNumber + " window " + window;
    }
}
