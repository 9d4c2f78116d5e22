package org.ebpftest.runtime.linux;

import java.util.Arrays;
import org.ebpftest.runtime.vm.Region;
import org.ebpftest.runtime.vm.Vm;

/**
 * The frame of an XDP run, laid out as test_run lays it out in one 4 KiB page: headroom, metadata,
 * frame, free space, and the tailroom reserved for {@code skb_shared_info}. The packet region spans
 * the page and its window is {@code [data_meta, data_end)}; the {@code xdp_md} region holds
 * 32-bit pointers into it, rewritten whenever a helper moves the frame's bounds.
 */
final class XdpBuff {
    final byte[] page = new byte[XdpLayout.FRAME_SIZE];
    final byte[] md = new byte[XdpLayout.SIZE];
    final Region packet;
    final Region context;
    int meta;
    int data;
    int end;
    /** The lowest and highest page offsets the frame's window has covered since the page was last clean. */
    private int dirtyLow = XdpLayout.FRAME_SIZE;
    private int dirtyHigh;

    /** A clean page, reused run after run through {@link #load}. */
    XdpBuff() {
        packet = new Region("packet", page, true, 0, 0);
        context = new Region("xdp_md", md, true);
        context.setGuard(XdpBuff::checkAccess);
    }

    /**
     * Lays out a run's frame. test_run hands every run a zeroed page; programs and helpers write
     * only inside the frame's window, so zeroing what earlier windows covered restores that.
     */
    XdpBuff load(XdpInput input, int ingressIfindex, int rxQueue) {
        if (dirtyLow < dirtyHigh) {
            Arrays.fill(page, dirtyLow, dirtyHigh, (byte) 0);
        }
        Arrays.fill(md, (byte) 0);
        dirtyLow = XdpLayout.FRAME_SIZE;
        dirtyHigh = 0;
        int metaLength = input.metadataLength();
        // test_run takes the metadata out of the headroom, so the frame starts at XDP_PACKET_HEADROOM
        meta = XdpLayout.HEADROOM - metaLength;
        data = XdpLayout.HEADROOM;
        end = meta + metaLength + input.packetLength();
        input.copyInto(page, meta);
        ContextBytes.putU32(md, XdpLayout.INGRESS_IFINDEX, ingressIfindex);
        ContextBytes.putU32(md, XdpLayout.RX_QUEUE_INDEX, rxQueue);
        sync();
        return this;
    }

    /** Publishes the frame bounds to the context and the packet window, as the kernel's xdp_buff holds them. */
    void sync() {
        dirtyLow = Math.min(dirtyLow, meta);
        dirtyHigh = Math.max(dirtyHigh, end);
        packet.setWindow(meta, end);
        ContextBytes.putU32(md, XdpLayout.DATA, Vm.PACKET_ADDRESS + data);
        ContextBytes.putU32(md, XdpLayout.DATA_END, Vm.PACKET_ADDRESS + end);
        ContextBytes.putU32(md, XdpLayout.DATA_META, Vm.PACKET_ADDRESS + meta);
    }

    int metaLength() {
        return data - meta;
    }

    int frameEnd() {
        return XdpLayout.FRAME_SIZE - XdpLayout.TAILROOM;
    }

    /** The verifier's rules for xdp_md (xdp_is_valid_access): aligned 4-byte reads only, no writes. */
    static String checkAccess(int offset, int size, boolean store) {
        String field = "xdp_md." + XdpLayout.fieldName(offset);
        if (store) {
            return "store of " + size + " bytes to " + field + ": xdp_md is read-only";
        }
        if (size != 4 || offset % 4 != 0) {
            return "load of " + size + " bytes at xdp_md offset " + offset + ": xdp_md fields are read as aligned 4-byte words";
        }
        if (offset == XdpLayout.EGRESS_IFINDEX) {
            return "load of " + field + ": only programs attached to a devmap (BPF_XDP_DEVMAP) may read it";
        }
        return null;
    }
}
