package org.ebpftest.runtime.linux.buffers;

/** The layout of {@code struct xdp_md} and the sizes of the XDP frame test_run builds. */
public final class XdpLayout {
    public static final int DATA = 0;
    public static final int DATA_END = 4;
    public static final int DATA_META = 8;
    public static final int INGRESS_IFINDEX = 12;
    public static final int RX_QUEUE_INDEX = 16;
    public static final int EGRESS_IFINDEX = 20;
    public static final int SIZE = 24;

    /** XDP_PACKET_HEADROOM: where the frame starts in its page. */
    public static final int HEADROOM = 256;
    /** The page test_run places the frame in. */
    public static final int FRAME_SIZE = 4096;
    /**
     * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64, kept free at the end of the page;
     * with the headroom it bounds the linear part to 3520 bytes (confirmed against the kernel); the rest of a longer frame goes into fragments.
     */
    public static final int TAILROOM = 320;
    /** PAGE_SIZE: the most one fragment of a multi-buffer frame holds (test_run gives each its own page). */
    public static final int FRAG_SIZE = 4096;
    /** MAX_SKB_FRAGS (CONFIG_MAX_SKB_FRAGS, 17 by default and on the kernel the tests compare with): fragments per frame. */
    public static final int MAX_FRAGS = 17;
    /** sizeof(struct xdp_frame) on 64-bit machines, which bpf_xdp_adjust_head and _meta may not move into. */
    public static final int XDP_FRAME_STRUCT = 40;
    /** The most metadata test_run takes from ctx_in: the headroom less the struct xdp_frame kept in front of it. */
    public static final int MAX_META = HEADROOM - XDP_FRAME_STRUCT;
    /** ETH_HLEN: what must remain of a frame after any adjustment. */
    public static final int ETH_HLEN = 14;

    private XdpLayout() {
    }

    static String fieldName(int offset) {
        return switch (offset / 4) {
            case 0 -> "data";
            case 1 -> "data_end";
            case 2 -> "data_meta";
            case 3 -> "ingress_ifindex";
            case 4 -> "rx_queue_index";
            case 5 -> "egress_ifindex";
            default -> "offset " + offset;
        };
    }
}
