package org.ebpftest.runtime.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * What an XDP test run starts from: the frame, optional metadata in front of it, and the
 * {@code xdp_md} fields test_run accepts in {@code ctx_in} (the receiving interface and queue).
 *
 * @param packet the frame, from the Ethernet header on
 * @param metadata the XDP metadata placed right before the frame (empty for none); its length must be a multiple of 4
 * @param ingressIfindex the receiving interface, 0 for test_run's default (the loopback device)
 * @param rxQueueIndex the receive queue; non-zero only with an ingress interface
 */
public record XdpInput(byte[] packet, byte[] metadata, int ingressIfindex, int rxQueueIndex) {
    /** An input; the arrays are copied. */
    public XdpInput {
        packet = Objects.requireNonNull(packet, "packet").clone();
        metadata = metadata == null ? new byte[0] : metadata.clone();
    }

    /** A frame received on the loopback device's queue 0, with no metadata. */
    public static XdpInput of(byte[] packet) {
        return new XdpInput(packet, new byte[0], 0, 0);
    }

    /** The same input with metadata in front of the frame. */
    public XdpInput withMetadata(byte[] meta) {
        return new XdpInput(packet, meta, ingressIfindex, rxQueueIndex);
    }

    /** The same input received on another interface and queue. */
    public XdpInput receivedOn(int ifindex, int queue) {
        return new XdpInput(packet, metadata, ifindex, queue);
    }

    /**
     * The input {@code bpftool prog run} builds from {@code data_in} and {@code ctx_in} files:
     * {@code data_in} holds the metadata followed by the frame, and {@code ctx_in} (a
     * {@code struct xdp_md}, possibly shorter) says where the frame starts. Checked as test_run
     * checks it.
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
        if (dataEnd != dataIn.length) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.data_end (" + dataEnd + ") must equal the size of data_in (" + dataIn.length + ")");
        }
        if (Integer.compareUnsigned(data, dataEnd) > 0) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.data (" + data + ") lies beyond data_end (" + dataEnd + ")");
        }
        if (f[5] != 0) {
            throw new RunRefusedException(Errno.EINVAL, "xdp_md.egress_ifindex must be 0 in ctx_in, was " + f[5]);
        }
        byte[] meta = java.util.Arrays.copyOfRange(dataIn, 0, data);
        byte[] frame = java.util.Arrays.copyOfRange(dataIn, data, dataIn.length);
        return new XdpInput(frame, meta, f[3], f[4]);
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

    int metadataLength() {
        return metadata.length;
    }

    int packetLength() {
        return packet.length;
    }

    /** Writes metadata then frame at {@code at}, as test_run's data_in holds them, without a copy in between. */
    void copyInto(byte[] page, int at) {
        System.arraycopy(metadata, 0, page, at, metadata.length);
        System.arraycopy(packet, 0, page, at + metadata.length, packet.length);
    }
}
