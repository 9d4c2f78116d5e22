package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A GENEVE header (RFC 8926, UDP port 6081): flags, protocol type, 24-bit VNI and options. */
public final class Geneve extends Layer {

    /** The IANA UDP destination port of GENEVE. */
    public static final int PORT = 6081;

    static final int MIN_HEADER_LENGTH = 8;

    private final int version;
    private final int optionsLength;
    private final boolean controlPacket;
    private final boolean critical;
    private final int protocolType;
    private final int vni;
    private final List<Option> options;

    Geneve(byte[] frame, int offset, int available, List<String> problems) {
        super(offset, Math.min(available, MIN_HEADER_LENGTH + (Bytes.u8(frame, offset) & 0x3f) * 4),
                available < MIN_HEADER_LENGTH + (Bytes.u8(frame, offset) & 0x3f) * 4);
        this.version = Bytes.u8(frame, offset) >>> 6;
        this.optionsLength = (Bytes.u8(frame, offset) & 0x3f) * 4;
        this.controlPacket = (Bytes.u8(frame, offset + 1) & 0x80) != 0;
        this.critical = (Bytes.u8(frame, offset + 1) & 0x40) != 0;
        this.protocolType = Bytes.u16(frame, offset + 2);
        this.vni = Bytes.u24(frame, offset + 4);
        List<Option> list = new ArrayList<>();
        int p = offset + MIN_HEADER_LENGTH;
        while (p + 4 <= end()) {
            int dataLength = (Bytes.u8(frame, p + 3) & 0x1f) * 4;
            if (p + 4 + dataLength > end()) {
                problems.add(String.format("GENEVE option at offset %d declares %d data bytes but %d remain",
                        p, dataLength, end() - p - 4));
                break;
            }
            list.add(new Option(Bytes.u16(frame, p), Bytes.u8(frame, p + 2), Bytes.copy(frame, p + 4, dataLength)));
            p += 4 + dataLength;
        }
        this.options = List.copyOf(list);
    }

    @Override
    public String name() {
        return "GENEVE";
    }

    /** The version, 0 today. */
    public int version() {
        return version;
    }

    /** Length of the options in bytes. */
    public int optionsLength() {
        return optionsLength;
    }

    /** The O bit: a control packet. */
    public boolean controlPacket() {
        return controlPacket;
    }

    /** The C bit: critical options are present. */
    public boolean critical() {
        return critical;
    }

    /** The EtherType of the payload, 0x6558 for Ethernet. */
    public int protocolType() {
        return protocolType;
    }

    /** The virtual network identifier. */
    public int vni() {
        return vni;
    }

    /** The options in header order. */
    public List<Option> options() {
        return options;
    }

    @Override
    void describeFields(Fields fields) {
        fields.add("version/options length", 0, 1).add("flags", 1, 1).add("protocol type", 2, 2).add("VNI", 4, 3)
                .add("reserved", 7, 1).add("options", 8, optionsLength);
    }

    @Override
    public String toString() {
        return String.format("GENEVE vni %d protocol 0x%04x options %d", vni, protocolType, options.size());
    }

    /**
     * One GENEVE option TLV.
     *
     * @param optionClass the 16-bit option class
     * @param type the type byte; its high bit marks a critical option
     * @param data the option data, a multiple of 4 bytes
     */
    public record Option(int optionClass, int type, byte[] data) {

        /** Validates the ranges and copies the data. */
        public Option {
            Bytes.checkRange("GENEVE option class", optionClass, 0xffff);
            Bytes.checkRange("GENEVE option type", type, 0xff);
            data = data.clone();
            if (data.length % 4 != 0 || data.length > 124) {
                throw new IllegalArgumentException(
                        "GENEVE option data must be a multiple of 4 bytes up to 124 but had " + data.length);
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Option && ((Option) o).optionClass == optionClass && ((Option) o).type == type
                    && Arrays.equals(((Option) o).data, data);
        }

        @Override
        public int hashCode() {
            return (optionClass * 31 + type) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("Option[class=0x%04x, type=0x%02x, data=%s]", optionClass, type,
                    Bytes.hex(data, 0, data.length));
        }
    }
}
