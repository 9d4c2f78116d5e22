package org.ebpftest.packet;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A GRE header (RFC 2784 with the key and sequence number extensions of RFC 2890): flags, protocol
 * type and the optional checksum, key and sequence number.
 */
public final class Gre extends Layer {

    static final int MIN_HEADER_LENGTH = 4;

    static final int FLAG_CHECKSUM = 0x8000;
    static final int FLAG_ROUTING = 0x4000;
    static final int FLAG_KEY = 0x2000;
    static final int FLAG_SEQUENCE = 0x1000;

    private final int flagsAndVersion;
    private final int protocolType;
    private final int checksum;
    private final long key;
    private final long sequenceNumber;
    private final Checked checked;

    Gre(byte[] frame, int offset, int available, boolean truncated, Checked checked) {
        super(offset, Math.min(available, declaredLength(Bytes.u16(frame, offset))), truncated);
        this.flagsAndVersion = Bytes.u16(frame, offset);
        this.protocolType = Bytes.u16(frame, offset + 2);
        int p = offset + 4;
        int end = end();
        int cs = -1;
        if (hasChecksum() && p + 4 <= end) {
            cs = Bytes.u16(frame, p);
        }
        if ((flagsAndVersion & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0) {
            p += 4;
        }
        long k = -1;
        if (hasKey() && p + 4 <= end) {
            k = Bytes.u32(frame, p);
        }
        if (hasKey()) {
            p += 4;
        }
        this.sequenceNumber = hasSequence() && p + 4 <= end ? Bytes.u32(frame, p) : -1;
        this.checksum = cs;
        this.key = k;
        this.checked = checked;
    }

    static int declaredLength(int flags) {
        int len = MIN_HEADER_LENGTH;
        if ((flags & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0) {
            len += 4;
        }
        if ((flags & FLAG_KEY) != 0) {
            len += 4;
        }
        if ((flags & FLAG_SEQUENCE) != 0) {
            len += 4;
        }
        return len;
    }

    @Override
    public String name() {
        return "GRE";
    }

    /** The first 16 bits: C, R, K, S flags, reserved bits and version. */
    public int flagsAndVersion() {
        return flagsAndVersion;
    }

    /** The version (lowest 3 bits), 0 for plain GRE. */
    public int version() {
        return flagsAndVersion & 7;
    }

    /** The C bit: a checksum is present. */
    public boolean hasChecksum() {
        return (flagsAndVersion & FLAG_CHECKSUM) != 0;
    }

    /** The K bit: a key is present. */
    public boolean hasKey() {
        return (flagsAndVersion & FLAG_KEY) != 0;
    }

    /** The S bit: a sequence number is present. */
    public boolean hasSequence() {
        return (flagsAndVersion & FLAG_SEQUENCE) != 0;
    }

    /** The EtherType of the payload, such as 0x0800 for IPv4 or 0x6558 for Ethernet. */
    public int protocolType() {
        return protocolType;
    }

    /** The checksum field, if the C bit is set and it is in the frame. */
    public OptionalInt checksum() {
        return checksum < 0 ? OptionalInt.empty() : OptionalInt.of(checksum);
    }

    /** ABSENT without the C bit, otherwise whether the checksum over header and payload verifies. */
    public ChecksumStatus checksumStatus() {
        return checked.status();
    }

    /** The checksum the header should carry when the C bit is set, or -1. */
    public int computedChecksum() {
        return checked.computed();
    }

    /** The key, if the K bit is set and it is in the frame. */
    public OptionalLong key() {
        return key < 0 ? OptionalLong.empty() : OptionalLong.of(key);
    }

    /** The sequence number, if the S bit is set and it is in the frame. */
    public OptionalLong sequenceNumber() {
        return sequenceNumber < 0 ? OptionalLong.empty() : OptionalLong.of(sequenceNumber);
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("flags/version", 0, 2).add("protocol type", 2, 2);
        int p = 4;
        if ((flagsAndVersion & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0) {
            fields.add("checksum", p, 2).add("reserved", p + 2, 2);
            p += 4;
        }
        if (hasKey()) {
            fields.add("key", p, 4);
            p += 4;
        }
        if (hasSequence()) {
            fields.add("sequence number", p, 4);
        }
    }

    @Override
    public String toString() {
        return String.format("GRE protocol 0x%04x", protocolType) + (key < 0 ? "" : " key " + key)
                + (sequenceNumber < 0 ? "" : " seq " + sequenceNumber);
    }
}
