package org.ebpftest.runtime.linux;

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

    XdpBuff(XdpInput input, int ingressIfindex, int rxQueue) {
        byte[] in = input.dataIn();
        int metaLength = input.metadata().length;
        // test_run takes the metadata out of the headroom, so the frame starts at XDP_PACKET_HEADROOM
        meta = XdpLayout.HEADROOM - metaLength;
        data = XdpLayout.HEADROOM;
        end = meta + in.length;
        System.arraycopy(in, 0, page, meta, in.length);
        packet = new Region("packet", page, true, meta, end);
        context = new Region("xdp_md", md, true);
        context.setGuard(XdpBuff::checkAccess);
        ContextBytes.putU32(md, XdpLayout.INGRESS_IFINDEX, ingressIfindex);
        ContextBytes.putU32(md, XdpLayout.RX_QUEUE_INDEX, rxQueue);
        sync();
    }

    /** Publishes the frame bounds to the context and the packet window, as the kernel's xdp_buff holds them. */
    void sync() {
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
