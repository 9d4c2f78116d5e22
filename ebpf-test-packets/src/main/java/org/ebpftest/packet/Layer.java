package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One parsed header of a {@link Packet}, with the place it occupies in the frame.
 *
 * <p>Layers are immutable values read from the frame at parse time. The subclasses are the
 * protocols this package understands; a switch over them can be exhaustive.
 */
public abstract sealed class Layer
        permits Ethernet, Vlan, Arp, Ipv4, Ipv6, Ipv6Extension, Tcp, Udp, IcmpMessage, Gre, Vxlan, Geneve {

    private final int offset;
    private final int length;
    private final boolean truncated;

    Layer(int offset, int length, boolean truncated) {
        this.offset = offset;
        this.length = length;
        this.truncated = truncated;
    }

    /** Short protocol name used in field names and messages, such as {@code IPv4} or {@code 802.1Q}. */
    public abstract String name();

    /** Absolute offset of the first header byte in the frame. */
    public int offset() {
        return offset;
    }

    /** Number of header bytes (options and extensions of this header included, payload excluded) present in the frame. */
    public int length() {
        return length;
    }

    /** Offset just past the header: {@code offset() + length()}. */
    public int end() {
        return offset + length;
    }

    /**
     * Whether the frame ends before this header or the data it declares (options, IP total length,
     * UDP length) does; {@link Packet#problems()} says what is missing.
     */
    public boolean isTruncated() {
        return truncated;
    }

    /** The named fields of this header in frame order, each with its absolute offset and length. */
    public List<HeaderField> fields() {
        Fields fields = new Fields(name(), offset, length);
        describeFields(fields);
        return Collections.unmodifiableList(fields.list);
    }

    abstract void describeFields(Fields fields);

    /** Collects header fields, leaving out those that start past the bytes present and clipping the last one. */
    static final class Fields {
        private final String layer;
        private final int base;
        private final int available;
        private final List<HeaderField> list = new ArrayList<>();

        Fields(String layer, int base, int available) {
            this.layer = layer;
            this.base = base;
            this.available = available;
        }

        Fields add(String name, int relativeOffset, int length) {
            if (relativeOffset < available && length > 0) {
                list.add(new HeaderField(layer, name, base + relativeOffset, Math.min(length, available - relativeOffset)));
            }
            return this;
        }
    }
}
