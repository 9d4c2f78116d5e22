package org.ebpftest.packet;

/**
 * A named field of a parsed header and the bytes of the frame it occupies, such as {@code IPv4 ttl}
 * at offset 22.
 *
 * @param layer the layer's label in its packet, such as {@code IPv4} or {@code IPv4 #2} for the inner header
 * @param name the field name, such as {@code ttl} or {@code header checksum}
 * @param offset absolute offset of the first byte in the frame
 * @param length number of bytes; fields that share a byte (IPv4 version and IHL) are named together
 */
public record HeaderField(String layer, String name, int offset, int length) {

    /** Whether the byte at {@code frameOffset} belongs to this field. */
    public boolean contains(int frameOffset) {
        return frameOffset >= offset && frameOffset < offset + length;
    }

    /** Layer label and field name, such as {@code IPv4 header checksum}. */
    @Override
    public String toString() {
        return layer + " " + name;
    }
}
