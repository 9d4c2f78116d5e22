package org.ebpftest.packet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable parsed frame: its layers from the outside in, the payload after the innermost
 * header, and the names of the header fields each byte belongs to.
 *
 * <p>Parsing never throws on bad input. A frame that ends early, or whose headers declare more
 * bytes than it holds, is parsed as far as it goes; {@link #isTruncated()} and {@link #problems()}
 * say what was missing. Encapsulated headers appear again further down the list, so
 * {@code packet.layers(Ipv4.class)} of an IPIP packet holds the outer and the inner header.
 */
public final class Packet {

    private final byte[] frame;
    private final List<Layer> layers;
    private final int payloadOffset;
    private final int payloadLength;
    private final int trailerOffset;
    private final boolean truncated;
    private final List<String> problems;
    private final List<String> labels;
    private final List<HeaderField> fields;

    Packet(byte[] frame, List<Layer> layers, int payloadOffset, int payloadLength, int trailerOffset,
           boolean truncated, List<String> problems) {
        this.frame = frame;
        this.layers = List.copyOf(layers);
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.trailerOffset = trailerOffset;
        this.truncated = truncated;
        this.problems = List.copyOf(problems);
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Layer layer : this.layers) {
            int n = seen.merge(layer.name(), 1, Integer::sum);
            names.add(n == 1 ? layer.name() : layer.name() + " #" + n);
        }
        this.labels = List.copyOf(names);
        List<HeaderField> all = new ArrayList<>();
        for (int i = 0; i < this.layers.size(); i++) {
            for (HeaderField f : this.layers.get(i).fields()) {
                all.add(new HeaderField(labels.get(i), f.name(), f.offset(), f.length()));
            }
        }
        this.fields = List.copyOf(all);
    }

    /** Parses a frame that starts with an Ethernet II header. */
    public static Packet parse(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        return PacketParser.parseEthernet(frame.clone());
    }

    /** Parses a bare IPv4 or IPv6 datagram (no link layer), choosing by the version nibble. */
    public static Packet parseIp(byte[] datagram) {
        Objects.requireNonNull(datagram, "datagram");
        return PacketParser.parseIp(datagram.clone());
    }

    /** A copy of the whole frame. */
    public byte[] bytes() {
        return frame.clone();
    }

    /** Length of the frame in bytes. */
    public int length() {
        return frame.length;
    }

    /** All layers from the outermost in. */
    public List<Layer> layers() {
        return layers;
    }

    /** The layers of one kind from the outermost in, such as the outer and the inner {@link Ipv4} of a tunnel. */
    public <L extends Layer> List<L> layers(Class<L> type) {
        return layers.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toUnmodifiableList());
    }

    /** The outermost layer of a kind, if there is one. */
    public <L extends Layer> Optional<L> findLayer(Class<L> type) {
        return layers.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /**
     * The outermost layer of a kind.
     *
     * @throws NoSuchElementException naming the layers the packet has, if it has none of this kind
     */
    public <L extends Layer> L layer(Class<L> type) {
        return layer(type, 0);
    }

    /**
     * The layer of a kind at {@code index}, counting from 0 at the outermost: {@code layer(Ipv4.class, 1)}
     * is the inner IPv4 header of a tunnel.
     *
     * @throws NoSuchElementException naming the layers the packet has, if there are not that many
     */
    public <L extends Layer> L layer(Class<L> type, int index) {
        List<L> found = layers(type);
        if (index < 0 || index >= found.size()) {
            throw new NoSuchElementException("packet has " + found.size() + " " + type.getSimpleName()
                    + " layer(s), so there is no index " + index + "; its layers are " + String.join(", ", labels));
        }
        return found.get(index);
    }

    /** Whether the packet has at least one layer of a kind. */
    public boolean has(Class<? extends Layer> type) {
        return layers.stream().anyMatch(type::isInstance);
    }

    /** A copy of the bytes after the innermost parsed header, up to the end its IP or UDP length allows. */
    public byte[] payload() {
        return Bytes.copy(frame, payloadOffset, payloadLength);
    }

    /** Absolute offset of the payload in the frame. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Length of the payload in bytes. */
    public int payloadLength() {
        return payloadLength;
    }

    /** A copy of the bytes after the outermost IP datagram or ARP packet, typically Ethernet padding. */
    public byte[] trailer() {
        return Bytes.copy(frame, trailerOffset, frame.length - trailerOffset);
    }

    /** Whether the frame ended before a header or the data a header declares. */
    public boolean isTruncated() {
        return truncated;
    }

    /** What parsing found wrong, truncation included, one sentence each with the offset (empty when well formed). */
    public List<String> problems() {
        return problems;
    }

    /** The label of one of this packet's layers: its name, with {@code #2}, {@code #3} for repeated kinds. */
    public String label(Layer layer) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == layer) {
                return labels.get(i);
            }
        }
        throw new IllegalArgumentException("layer " + layer + " does not belong to this packet");
    }

    /** Every header field of every layer in frame order, labelled as by {@link #label(Layer)}. */
    public List<HeaderField> fields() {
        return fields;
    }

    /** The header field the byte at {@code offset} belongs to, if it is in a header. */
    public Optional<HeaderField> fieldAt(int offset) {
        // The innermost match wins, though parsed headers do not overlap.
        HeaderField match = null;
        for (HeaderField f : fields) {
            if (f.contains(offset)) {
                match = f;
            }
        }
        return Optional.ofNullable(match);
    }

    /**
     * Names what the byte at {@code offset} belongs to: a header field such as {@code IPv4 ttl}, or
     * {@code payload}, {@code trailer}, {@code unparsed bytes} or {@code beyond end of frame}.
     */
    public String describe(int offset) {
        Optional<HeaderField> field = fieldAt(offset);
        if (field.isPresent()) {
            return field.get().toString();
        }
        if (offset < 0 || offset >= frame.length) {
            return "beyond end of frame";
        }
        if (offset >= payloadOffset && offset < payloadOffset + payloadLength) {
            return "payload";
        }
        if (offset >= trailerOffset) {
            return "trailer";
        }
        return "unparsed bytes";
    }

    /** One line per layer, then the payload length and any problems. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Layer layer : layers) {
            sb.append(layer).append('\n');
        }
        sb.append("payload ").append(payloadLength).append(" bytes");
        if (trailerOffset < frame.length) {
            sb.append(", trailer ").append(frame.length - trailerOffset).append(" bytes");
        }
        for (String p : problems) {
            sb.append("\nproblem: ").append(p);
        }
        return sb.toString();
    }
}
