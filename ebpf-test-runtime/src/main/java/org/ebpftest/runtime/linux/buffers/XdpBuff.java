package org.ebpftest.runtime.linux.buffers;

import java.util.Arrays;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.AccessGuard;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The frame of an XDP run, laid out as test_run lays it out in one 4 KiB page: headroom, metadata,
 * the frame's linear part, free space, and the tailroom reserved for {@code skb_shared_info}. The
 * packet region spans the page and its window is {@code [data_meta, data_end)}; the {@code xdp_md}
 * region holds 32-bit pointers into it, rewritten whenever a helper moves the frame's bounds.
 *
 * <p>A multi-buffer frame continues in fragments, each in a page of its own as test_run allocates
 * them (offset 0, at most a page long). They are not mapped: the program reaches them only through
 * the helpers, as the verifier allows direct packet access to the linear part alone.
 */
public final class XdpBuff {
    public final byte[] page = new byte[XdpLayout.FRAME_SIZE];
    public final byte[] md = new byte[XdpLayout.SIZE];
    public final Region packet;
    public final Region context;
    public int meta;
    public int data;
    public int end;
    /** The fragments' pages, kept from run to run; only the first {@link #nrFrags} are in use. */
    private final byte[][] fragPages = new byte[XdpLayout.MAX_FRAGS][];
    private final int[] fragSizes = new int[XdpLayout.MAX_FRAGS];
    /** skb_shared_info's nr_frags and xdp_frags_size. */
    private int nrFrags;
    private int fragsSize;
    /** The lowest and highest page offsets the frame's window has covered since the page was last clean. */
    private int dirtyLow = XdpLayout.FRAME_SIZE;
    private int dirtyHigh;

    /** xdp_md's rules, which depend on the offset, size and direction of an access alone. */
    static final AccessGuard RULES = AccessGuard.fixedRules(XdpBuff::checkAccess);

    /** A clean page, reused run after run through {@link #load}. */
    public XdpBuff() {
        packet = new Region("packet", page, true, 0, 0);
        context = new Region("xdp_md", md, true);
        context.setGuard(RULES);
    }

    /**
     * Lays out a run's frame, the first {@code linearSize} bytes of data_in (metadata included) in
     * the page and the rest in fragments; the caller has checked that they fit. test_run hands
     * every run a zeroed page; programs and helpers write only inside the frame's window, so
     * zeroing what earlier windows covered restores that, except where this run's frame is copied
     * in anyway (all of it, when run after run takes frames of one size). Fragment bytes past a
     * fragment's size are never read before bpf_xdp_adjust_tail zeroes them, so fragment pages are
     * reused as they are.
     */
    public XdpBuff load(XdpInput input, int linearSize, int ingressIfindex, int rxQueue) {
        int metaLength = input.metadataLength();
        // test_run takes the metadata out of the headroom, so the frame starts at XDP_PACKET_HEADROOM
        int newMeta = XdpLayout.HEADROOM - metaLength;
        int newEnd = newMeta + linearSize;
        if (dirtyLow < Math.min(dirtyHigh, newMeta)) {
            Arrays.fill(page, dirtyLow, Math.min(dirtyHigh, newMeta), (byte) 0);
        }
        if (Math.max(dirtyLow, newEnd) < dirtyHigh) {
            Arrays.fill(page, Math.max(dirtyLow, newEnd), dirtyHigh, (byte) 0);
        }
        dirtyLow = XdpLayout.FRAME_SIZE;
        dirtyHigh = 0;
        meta = newMeta;
        data = XdpLayout.HEADROOM;
        end = newEnd;
        input.copyDataIn(0, page, meta, linearSize);
        // the rest of data_in goes into whole pages, the last one partly filled
        int size = metaLength + input.packetLength();
        nrFrags = 0;
        fragsSize = 0;
        for (int at = linearSize; at < size; at += fragSizes[nrFrags++]) {
            if (fragPages[nrFrags] == null) {
                fragPages[nrFrags] = new byte[XdpLayout.FRAG_SIZE];
            }
            fragSizes[nrFrags] = Math.min(size - at, XdpLayout.FRAG_SIZE);
            input.copyDataIn(at, fragPages[nrFrags], 0, fragSizes[nrFrags]);
            fragsSize += fragSizes[nrFrags];
        }
        // Every word of xdp_md is written here or in sync(), so the last run's context is gone
        // without clearing it first (a fill of its 24 bytes cost more than the six stores).
        ContextBytes.putU32(md, XdpLayout.INGRESS_IFINDEX, ingressIfindex);
        ContextBytes.putU32(md, XdpLayout.RX_QUEUE_INDEX, rxQueue);
        ContextBytes.putU32(md, XdpLayout.EGRESS_IFINDEX, 0);
        sync();
        return this;
    }

    /** Publishes the frame bounds to the context and the packet window, as the kernel's xdp_buff holds them. */
    public void sync() {
        dirtyLow = Math.min(dirtyLow, meta);
        dirtyHigh = Math.max(dirtyHigh, end);
        packet.setWindow(meta, end);
        ContextBytes.putU32(md, XdpLayout.DATA, Vm.PACKET_ADDRESS + data);
        ContextBytes.putU32(md, XdpLayout.DATA_END, Vm.PACKET_ADDRESS + end);
        ContextBytes.putU32(md, XdpLayout.DATA_META, Vm.PACKET_ADDRESS + meta);
    }

    public int metaLength() {
        return data - meta;
    }

    /** xdp_get_buff_len: the frame from data on, fragments included. */
    public int buffLength() {
        return end - data + fragsSize;
    }

    /**
     * XDP_FLAGS_HAS_FRAGS, which test_run sets when it adds fragments and bpf_xdp_adjust_tail
     * clears when it releases the last: in test_run it holds exactly while fragments remain.
     */
    public boolean hasFrags() {
        return nrFrags > 0;
    }

    /** The sizes of the fragments in use, in order (none for a single-buffer frame). */
    public int[] fragSizes() {
        return Arrays.copyOf(fragSizes, nrFrags);
    }

    /**
     * Fragment {@code i}'s page itself (not a copy), whose first {@code fragSizes()[i]} bytes are
     * the fragment: for mapping into the VM where the kernel hands out a pointer into a fragment.
     */
    public byte[] fragmentPage(int i) {
        if (i < 0 || i >= nrFrags) {
            throw new IndexOutOfBoundsException("fragment " + i + " of " + nrFrags);
        }
        return fragPages[i];
    }

    /** What test_run copies to data_out: data_meta to data_end, then every fragment in order. */
    public byte[] dataOut() {
        byte[] out = new byte[end - meta + fragsSize];
        System.arraycopy(page, meta, out, 0, end - meta);
        int at = end - meta;
        for (int i = 0; i < nrFrags; i++) {
            System.arraycopy(fragPages[i], 0, out, at, fragSizes[i]);
            at += fragSizes[i];
        }
        return out;
    }

    /**
     * Copies between {@code buf} and the frame from {@code data + offset} on, across the linear
     * part and the fragments as bpf_xdp_copy_buf walks them; the caller has checked the range.
     */
    public void copy(int offset, byte[] buf, boolean toFrame) {
        int done = 0;
        int pieceStart = 0;
        for (int piece = -1; piece < nrFrags && done < buf.length; piece++) {
            byte[] bytes = piece < 0 ? page : fragPages[piece];
            int base = piece < 0 ? data : 0;
            int length = piece < 0 ? end - data : fragSizes[piece];
            int from = offset + done - pieceStart;
            if (from < length) {
                int n = Math.min(buf.length - done, length - from);
                if (toFrame) {
                    System.arraycopy(buf, done, bytes, base + from, n);
                } else {
                    System.arraycopy(bytes, base + from, buf, done, n);
                }
                done += n;
            }
            pieceStart += length;
        }
    }

    /**
     * bpf_xdp_frags_increase_tail: the last fragment grows into the rest of its page, the new bytes
     * zeroed; -EINVAL beyond the page.
     */
    public long growLastFrag(int offset) {
        int last = nrFrags - 1;
        int tailroom = XdpLayout.FRAG_SIZE - fragSizes[last];
        if (offset > tailroom) {
            return -Errno.EINVAL;
        }
        Arrays.fill(fragPages[last], fragSizes[last], fragSizes[last] + offset, (byte) 0);
        fragSizes[last] += offset;
        fragsSize += offset;
        return 0;
    }

    /**
     * bpf_xdp_frags_shrink_tail: takes {@code offset} bytes off the end, releasing every fragment it
     * empties; once none is left, the frame is single-buffer again and the rest comes off the
     * linear part. -EINVAL when fewer than ETH_HLEN bytes would remain.
     */
    public long shrinkTail(int offset) {
        if (offset > buffLength() - XdpLayout.ETH_HLEN) {
            return -Errno.EINVAL;
        }
        int left = offset;
        while (nrFrags > 0 && left > 0) {
            int last = nrFrags - 1;
            int shrink = Math.min(left, fragSizes[last]);
            left -= shrink;
            fragsSize -= shrink;
            if (shrink < fragSizes[last]) {
                fragSizes[last] -= shrink;
                break;
            }
            fragSizes[last] = 0;
            nrFrags--;
        }
        if (nrFrags == 0) {
            end -= left;
            sync();
        }
        return 0;
    }

    public int frameEnd() {
        return XdpLayout.FRAME_SIZE - XdpLayout.TAILROOM;
    }

    /** The verifier's rules for xdp_md (xdp_is_valid_access): aligned 4-byte reads only, no writes. */
    static String checkAccess(int offset, int size, boolean store) {
        // Every context load of a run passes here: the field's name is made only for a refusal.
        if (store) {
            return "store of " + size + " bytes to xdp_md." + XdpLayout.fieldName(offset) + ": xdp_md is read-only";
        }
        if (size != 4 || offset % 4 != 0) {
            return "load of " + size + " bytes at xdp_md offset " + offset + ": xdp_md fields are read as aligned 4-byte words";
        }
        if (offset == XdpLayout.EGRESS_IFINDEX) {
            return "load of xdp_md." + XdpLayout.fieldName(offset) + ": only programs attached to a devmap (BPF_XDP_DEVMAP) may read it";
        }
        return null;
    }
}
