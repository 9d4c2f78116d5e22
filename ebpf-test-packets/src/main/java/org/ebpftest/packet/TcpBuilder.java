package org.ebpftest.packet;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a TCP header; see {@link Packets}.
 *
 * <p>Defaults: ports 0, sequence and acknowledgment 0, no flags, window 65535, no options. Options
 * are written in call order and padded with zeros (end of options) to a multiple of 4. Data offset
 * and checksum (over the enclosing IP header's pseudo-header) are computed unless overridden.
 */
public final class TcpBuilder extends PacketBuilder<TcpBuilder> {

    private int sourcePort;
    private int destinationPort;
    private long sequenceNumber;
    private long acknowledgmentNumber;
    private int flagBits;
    private int window = 0xffff;
    private int urgentPointer;
    private final List<TcpOption> options = new ArrayList<>();
    private int dataOffset = -1;
    private int checksum = -1;

    TcpBuilder(Draft draft, Draft.Spec after) {
        super(draft);
        draft.add(after, new Draft.Spec("tcp", -1, IpProtocol.TCP, this::encode));
    }

    /** Sets the source port. */
    public TcpBuilder sourcePort(int port) {
        this.sourcePort = u16("TCP source port", port);
        return this;
    }

    /** Sets the destination port. */
    public TcpBuilder destinationPort(int port) {
        this.destinationPort = u16("TCP destination port", port);
        return this;
    }

    /** Sets the sequence number. */
    public TcpBuilder sequenceNumber(long sequenceNumber) {
        this.sequenceNumber = u32("sequence number", sequenceNumber);
        return this;
    }

    /** Sets the acknowledgment number (it does not set the ACK flag). */
    public TcpBuilder acknowledgmentNumber(long acknowledgmentNumber) {
        this.acknowledgmentNumber = u32("acknowledgment number", acknowledgmentNumber);
        return this;
    }

    /** Sets exactly these flags, replacing earlier ones. */
    public TcpBuilder flags(TcpFlag... flags) {
        this.flagBits = 0;
        for (TcpFlag f : flags) {
            flagBits |= f.mask();
        }
        return this;
    }

    /** Sets the whole flags byte. */
    public TcpBuilder flagBits(int bits) {
        this.flagBits = u8("TCP flags", bits);
        return this;
    }

    /** Sets the window (default 65535). */
    public TcpBuilder window(int window) {
        this.window = u16("window", window);
        return this;
    }

    /** Sets the urgent pointer. */
    public TcpBuilder urgentPointer(int urgentPointer) {
        this.urgentPointer = u16("urgent pointer", urgentPointer);
        return this;
    }

    /** Appends an option. */
    public TcpBuilder option(TcpOption option) {
        options.add(option);
        return this;
    }

    /** Appends a maximum segment size option. */
    public TcpBuilder mss(int mss) {
        return option(new TcpOption.Mss(mss));
    }

    /** Appends a window scale option. */
    public TcpBuilder windowScale(int shift) {
        return option(new TcpOption.WindowScale(shift));
    }

    /** Appends a SACK-permitted option. */
    public TcpBuilder sackPermitted() {
        return option(new TcpOption.SackPermitted());
    }

    /** Appends a SACK option with blocks given as left, right edge pairs. */
    public TcpBuilder sack(long... edges) {
        if (edges.length % 2 != 0) {
            throw new IllegalArgumentException("SACK edges come in left, right pairs but " + edges.length + " were given");
        }
        List<TcpOption.SackBlock> blocks = new ArrayList<>();
        for (int i = 0; i < edges.length; i += 2) {
            blocks.add(new TcpOption.SackBlock(edges[i], edges[i + 1]));
        }
        return option(new TcpOption.Sack(blocks));
    }

    /** Appends a timestamps option. */
    public TcpBuilder timestamps(long value, long echoReply) {
        return option(new TcpOption.Timestamps(value, echoReply));
    }

    /** Appends a no-operation option, for alignment. */
    public TcpBuilder nop() {
        return option(new TcpOption.Nop());
    }

    /** Overrides the data offset field (header length in 32-bit words). */
    public TcpBuilder dataOffset(int words) {
        this.dataOffset = Bytes.checkRange("data offset", words, 15);
        return this;
    }

    /** Overrides the checksum, for example to build a segment with a bad one. */
    public TcpBuilder checksum(int checksum) {
        this.checksum = u16("TCP checksum", checksum);
        return this;
    }

    private byte[] encode(byte[] inner, Draft d, int index) {
        ByteArrayOutputStream optionBytes = new ByteArrayOutputStream();
        for (TcpOption o : options) {
            optionBytes.writeBytes(o.toBytes());
        }
        byte[] opts = Arrays.copyOf(optionBytes.toByteArray(), (optionBytes.size() + 3) / 4 * 4);
        if (opts.length > 40) {
            throw new IllegalArgumentException("TCP options take " + opts.length + " bytes but at most 40 fit");
        }
        int headerLength = Tcp.MIN_HEADER_LENGTH + opts.length;
        byte[] out = new byte[headerLength + inner.length];
        Bytes.put16(out, 0, sourcePort);
        Bytes.put16(out, 2, destinationPort);
        Bytes.put32(out, 4, sequenceNumber);
        Bytes.put32(out, 8, acknowledgmentNumber);
        out[12] = (byte) ((dataOffset >= 0 ? dataOffset : headerLength / 4) << 4);
        out[13] = (byte) flagBits;
        Bytes.put16(out, 14, window);
        Bytes.put16(out, 18, urgentPointer);
        System.arraycopy(opts, 0, out, Tcp.MIN_HEADER_LENGTH, opts.length);
        System.arraycopy(inner, 0, out, headerLength, inner.length);
        Bytes.put16(out, 16, checksum >= 0 ? checksum : d.transportChecksum(index, IpProtocol.TCP, out, 16));
        return out;
    }
}
