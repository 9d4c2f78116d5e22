package org.ebpftest.runtime.linux.buffers;

import java.util.Objects;
import org.ebpftest.runtime.linux.net.SocketTable.Socket;
import org.ebpftest.runtime.linux.RunRefusedException;
import org.ebpftest.runtime.uapi.Errno;

/**
 * What a socket-buffer test run (tc, socket filter, cgroup skb) starts from: the frame, from the
 * Ethernet header on, and the {@code __sk_buff} fields test_run accepts in {@code ctx_in}. Every
 * other field is set by test_run itself and cannot be chosen.
 *
 * @param packet the frame, from the Ethernet header on
 * @param mark {@code skb->mark}
 * @param priority {@code skb->priority}
 * @param ingressIfindex {@code skb->skb_iif}
 * @param ifindex the device the packet is on; 0 or 1 is the loopback device, others must be added to the environment
 * @param cb the five words of the control block
 * @param tstamp {@code skb->tstamp}
 * @param wireLen the length on the wire; 0 means the packet's length
 * @param gsoSegs {@code gso_segs}
 * @param gsoSize {@code gso_size}
 * @param hwtstamp the hardware timestamp
 * @param withContext false to run as {@code bpftool prog run} does without {@code ctx_in} or
 *     {@code ctx_out}: then test_run leaves {@code wire_len} at 0 and there is no context out
 * @param socket the socket the packet belongs to ({@code skb->sk}), one of the environment's
 *     {@code sockets()}; null for the one test_run attaches (a socket of no protocol, in state
 *     {@code TCP_CLOSE}, with the packet's family and IP addresses), which lives for the run only
 */
public record SkbInput(byte[] packet, int mark, int priority, int ingressIfindex, int ifindex, int[] cb, long tstamp,
        int wireLen, int gsoSegs, int gsoSize, long hwtstamp, boolean withContext, Socket socket) implements RunInput {
    /** An input; the arrays are copied. */
    public SkbInput {
        packet = Objects.requireNonNull(packet, "packet").clone();
        cb = cb == null ? new int[5] : cb.clone();
        if (cb.length != 5) {
            throw new IllegalArgumentException("cb has 5 words, got " + cb.length);
        }
    }

    /** An input with the socket test_run attaches. */
    public SkbInput(byte[] packet, int mark, int priority, int ingressIfindex, int ifindex, int[] cb, long tstamp, int wireLen, int gsoSegs,
            int gsoSize, long hwtstamp, boolean withContext) {
        this(packet, mark, priority, ingressIfindex, ifindex, cb, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, withContext, null);
    }

    /**
     * The same input with a socket of the environment's table as {@code skb->sk}, as for a packet
     * a local socket sent or is receiving (test_run attaches its own, which this replaces).
     */
    public SkbInput withSocket(Socket owner) {
        return new SkbInput(packet, mark, priority, ingressIfindex, ifindex, cb, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, withContext,
                Objects.requireNonNull(owner, "owner"));
    }

    /** A frame with every context field zero, passed as ctx_in. */
    public static SkbInput of(byte[] packet) {
        return new SkbInput(packet, 0, 0, 0, 0, new int[5], 0, 0, 0, 0, 0, true);
    }

    /** The same input with another mark. */
    public SkbInput withMark(int value) {
        return new SkbInput(packet, value, priority, ingressIfindex, ifindex, cb, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, withContext, socket);
    }

    /** The same input with another priority. */
    public SkbInput withPriority(int value) {
        return new SkbInput(packet, mark, value, ingressIfindex, ifindex, cb, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, withContext, socket);
    }

    /** The same input received on other interfaces. */
    public SkbInput withInterfaces(int ingress, int device) {
        return new SkbInput(packet, mark, priority, ingress, device, cb, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, withContext, socket);
    }

    /** The same input with another control block. */
    public SkbInput withCb(int... words) {
        return new SkbInput(packet, mark, priority, ingressIfindex, ifindex, words, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, withContext, socket);
    }

    /** The same input with other timestamps. */
    public SkbInput withTimestamps(long software, long hardware) {
        return new SkbInput(packet, mark, priority, ingressIfindex, ifindex, cb, software, wireLen, gsoSegs, gsoSize, hardware, withContext, socket);
    }

    /** The same input with other segmentation values. */
    public SkbInput withGso(int wire, int segs, int size) {
        return new SkbInput(packet, mark, priority, ingressIfindex, ifindex, cb, tstamp, wire, segs, size, hwtstamp, withContext, socket);
    }

    /** The same input run without ctx_in and ctx_out, as a bare {@code bpftool prog run ... data_in}. */
    public SkbInput withoutContext() {
        return new SkbInput(packet, mark, priority, ingressIfindex, ifindex, cb, tstamp, wireLen, gsoSegs, gsoSize, hwtstamp, false, socket);
    }

    /**
     * The input test_run builds from a raw {@code struct __sk_buff} given as ctx_in, refusing
     * non-zero fields test_run does not accept with -EINVAL, as the kernel does.
     *
     * @throws RunRefusedException naming the first refused field
     */
    public static SkbInput fromTestRun(byte[] packet, byte[] ctxIn) {
        if (ctxIn == null) {
            return of(packet).withoutContext();
        }
        byte[] c = ContextBytes.padded(ctxIn, SkbLayout.SIZE, "__sk_buff");
        for (int off = 0; off < SkbLayout.SIZE; off++) {
            if (c[off] != 0 && !acceptedInCtxIn(off)) {
                throw new RunRefusedException(Errno.EINVAL, "__sk_buff." + SkbLayout.fieldName(off)
                        + " is not accepted in ctx_in; test_run takes only mark, priority, ingress_ifindex, ifindex, cb, tstamp, wire_len, gso_segs, gso_size and hwtstamp");
            }
        }
        int[] cb = new int[5];
        for (int i = 0; i < 5; i++) {
            cb[i] = ContextBytes.u32(c, SkbLayout.CB + 4 * i);
        }
        return new SkbInput(packet, ContextBytes.u32(c, SkbLayout.MARK), ContextBytes.u32(c, SkbLayout.PRIORITY),
                ContextBytes.u32(c, SkbLayout.INGRESS_IFINDEX), ContextBytes.u32(c, SkbLayout.IFINDEX), cb,
                ContextBytes.u64(c, SkbLayout.TSTAMP), ContextBytes.u32(c, SkbLayout.WIRE_LEN), ContextBytes.u32(c, SkbLayout.GSO_SEGS),
                ContextBytes.u32(c, SkbLayout.GSO_SIZE), ContextBytes.u64(c, SkbLayout.HWTSTAMP), true);
    }

    private static boolean acceptedInCtxIn(int off) {
        return off >= SkbLayout.MARK && off < SkbLayout.MARK + 4
                || off >= SkbLayout.PRIORITY && off < SkbLayout.IFINDEX + 4
                || off >= SkbLayout.CB && off < SkbLayout.CB_END
                || off >= SkbLayout.TSTAMP && off < SkbLayout.GSO_SEGS + 4
                || off >= SkbLayout.GSO_SIZE && off < SkbLayout.GSO_SIZE + 4
                || off >= SkbLayout.HWTSTAMP && off < SkbLayout.SIZE;
    }

    @Override
    public byte[] packet() {
        return packet.clone();
    }

    @Override
    public int[] cb() {
        return cb.clone();
    }
}
