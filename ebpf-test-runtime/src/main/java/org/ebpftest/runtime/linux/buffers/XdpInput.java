package org.ebpftest.runtime.linux.buffers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.uapi.Errno;

/**
 * What an XDP test run starts from: the frame, optional metadata in front of it, and the
 * {@code xdp_md} fields test_run accepts in {@code ctx_in} (the receiving interface and queue, and
 * through {@code data_end} how much of the frame goes into the linear part).
 *
 * <p>A frame longer than the linear part holds (3520 bytes, with the metadata counted against the
 * headroom) is a multi-buffer frame: test_run puts the rest into page-sized fragments, up to 17.
 *
 * @param packet the frame, from the Ethernet header on
 * @param metadata the XDP metadata placed right before the frame (empty for none); its length must be a multiple of 4
 * @param ingressIfindex the receiving interface, 0 for test_run's default (the loopback device)
 * @param rxQueueIndex the receive queue; non-zero only with an ingress interface
 * @param linearLength how many bytes of the frame test_run is asked to put in the linear part
 *     ({@code data_end - data} of ctx_in), the rest going into fragments; -1 for as many as fit
 */
public record XdpInput(byte[] packet, byte[] metadata, int ingressIfindex, int rxQueueIndex, int linearLength) implements RunInput {
    private static final byte[] NO_METADATA = new byte[0];

    /** An input; the arrays are copied. */
    public XdpInput {
        packet = Arrays.copyOf(Objects.requireNonNull(packet, "packet"), packet.length);
        // No metadata is the common case: one shared empty array, which no one can change.
        metadata = metadata == null || metadata.length == 0 ? NO_METADATA : metadata.clone();
        if (linearLength < -1 || linearLength > packet.length) {
            throw new IllegalArgumentException("linear length " + linearLength + " must be -1 (as many as fit) or between 0 and the frame's "
                    + packet.length + " bytes");
        }
    }

    /** An input whose frame fills the linear part as far as it holds. */
    public XdpInput(byte[] packet, byte[] metadata, int ingressIfindex, int rxQueueIndex) {
        this(packet, metadata, ingressIfindex, rxQueueIndex, -1);
    }

    /** A frame received on the loopback device's queue 0, with no metadata. */
    public static XdpInput of(byte[] packet) {
        return new XdpInput(packet, NO_METADATA, 0, 0, -1);
    }

    /** The same input with metadata in front of the frame. */
    public XdpInput withMetadata(byte[] meta) {
        return new XdpInput(packet, meta, ingressIfindex, rxQueueIndex, linearLength);
    }

    /** The same input received on another interface and queue. */
    public XdpInput receivedOn(int ifindex, int queue) {
        return new XdpInput(packet, metadata, ifindex, queue, linearLength);
    }

    /**
     * The same input with at most {@code length} bytes of the frame in the linear part and the
     * rest in fragments, as a ctx_in whose {@code data_end} lies before the end of data_in asks
     * test_run; -1 for as many as fit.
     */
    public XdpInput withLinearLength(int length) {
        return new XdpInput(packet, metadata, ingressIfindex, rxQueueIndex, length);
    }

    /**
     * The input {@code bpftool prog run} builds from {@code data_in} and {@code ctx_in} files:
     * {@code data_in} holds the metadata followed by the frame, and {@code ctx_in} (a
     * {@code struct xdp_md}, possibly shorter) says where the frame starts and, with
     * {@code data_end}, where its linear part ends. Checked as test_run checks it.
     *
     * @throws RunRefusedException where the kernel would refuse the context
     */
    public static XdpInput fromTestRun(byte[] dataIn, byte[] ctxIn) {
        if (ctxIn == null) {
            return of(dataIn);
        }
        int[] f = ContextBytes.words(ctxIn, XdpLayout.SIZE, "xdp_md");
        int data = f[0];
        int dataEnd = f[1];
        if (f[2] != 0) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.data_meta must be 0 in ctx_in, was " + f[2]);
        }
        if (Integer.compareUnsigned(dataEnd, dataIn.length) > 0) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.data_end (" + Integer.toUnsignedString(dataEnd) + ") lies beyond the "
                    + dataIn.length + " bytes of data_in");
        }
        if (Integer.compareUnsigned(data, dataEnd) > 0) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.data (" + data + ") lies beyond data_end (" + dataEnd + ")");
        }
        if (f[5] != 0) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.egress_ifindex must be 0 in ctx_in, was " + f[5]);
        }
        byte[] meta = java.util.Arrays.copyOfRange(dataIn, 0, data);
        byte[] frame = java.util.Arrays.copyOfRange(dataIn, data, dataIn.length);
        return new XdpInput(frame, meta, f[3], f[4], dataEnd - data);
    }

    /** The {@code data_in} bytes test_run would get: metadata followed by the frame. */
    public byte[] dataIn() {
        return ByteBuffer.allocate(metadata.length + packet.length).order(ByteOrder.LITTLE_ENDIAN).put(metadata).put(packet).array();
    }

    @Override
    public byte[] packet() {
        return packet.clone();
    }

    @Override
    public byte[] metadata() {
        return metadata.clone();
    }

    public int metadataLength() {
        return metadata.length;
    }

    public int packetLength() {
        return packet.length;
    }

    /**
     * Copies {@code n} bytes of data_in (metadata then frame) from offset {@code from} to
     * {@code dst} at {@code at}, without building data_in in between.
     */
    void copyDataIn(int from, byte[] dst, int at, int n) {
        int fromMeta = Math.max(0, Math.min(n, metadata.length - from));
        System.arraycopy(metadata, Math.min(from, metadata.length), dst, at, fromMeta);
        System.arraycopy(packet, Math.max(0, from - metadata.length), dst, at + fromMeta, n - fromMeta);
    }
}
