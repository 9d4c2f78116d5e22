package org.ebpftest.runtime.linux.buffers;

import org.ebpftest.runtime.linux.RunResult;

/**
 * The layout of {@code struct __sk_buff} (UAPI, the byte offset of each field; {@code SIZE} in all)
 * and the buffer sizes test_run uses for socket buffers. The offsets are public so that whatever
 * reads a context a program left ({@link RunResult#finalContext()}) reads it from one layout.
 */
public final class SkbLayout {
    public static final int LEN = 0;
    public static final int PKT_TYPE = 4;
    public static final int MARK = 8;
    public static final int QUEUE_MAPPING = 12;
    public static final int PROTOCOL = 16;
    public static final int VLAN_PRESENT = 20;
    public static final int VLAN_TCI = 24;
    public static final int VLAN_PROTO = 28;
    public static final int PRIORITY = 32;
    public static final int INGRESS_IFINDEX = 36;
    public static final int IFINDEX = 40;
    public static final int TC_INDEX = 44;
    public static final int CB = 48;
    public static final int CB_END = 68;
    public static final int HASH = 68;
    public static final int TC_CLASSID = 72;
    public static final int DATA = 76;
    public static final int DATA_END = 80;
    public static final int NAPI_ID = 84;
    public static final int FAMILY = 88;
    public static final int REMOTE_IP4 = 92;
    public static final int LOCAL_IP4 = 96;
    public static final int REMOTE_IP6 = 100;
    public static final int LOCAL_IP6 = 116;
    public static final int REMOTE_PORT = 132;
    public static final int LOCAL_PORT = 136;
    public static final int DATA_META = 140;
    public static final int FLOW_KEYS = 144;
    public static final int TSTAMP = 152;
    public static final int WIRE_LEN = 160;
    public static final int GSO_SEGS = 164;
    public static final int SK = 168;
    public static final int GSO_SIZE = 176;
    public static final int TSTAMP_TYPE = 180;
    public static final int HWTSTAMP = 184;
    public static final int SIZE = 192;

    /** NET_SKB_PAD + NET_IP_ALIGN on x86-64: the headroom test_run reserves. */
    static final int HEADROOM = 64;
    /** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64. */
    public static final int SHINFO = 320;
    public static final int PAGE_SIZE = 4096;
    /** The largest packet test_run accepts for socket buffers: a page less headroom and shared info. */
    public static final int MAX_PACKET = PAGE_SIZE - HEADROOM - SHINFO;
    public static final int ETH_HLEN = 14;
    /** GSO_LEGACY_MAX_SIZE: the largest wire_len a test may claim. */
    public static final int GSO_LEGACY_MAX_SIZE = 65536;
    /** GSO_MAX_SEGS. */
    public static final int GSO_MAX_SEGS = 65535;

    private SkbLayout() {
    }

    static String fieldName(int offset) {
        if (offset >= CB && offset < CB_END) {
            return "cb[" + (offset - CB) / 4 + "]";
        }
        if (offset >= REMOTE_IP6 && offset < LOCAL_IP6) {
            return "remote_ip6[" + (offset - REMOTE_IP6) / 4 + "]";
        }
        if (offset >= LOCAL_IP6 && offset < REMOTE_PORT) {
            return "local_ip6[" + (offset - LOCAL_IP6) / 4 + "]";
        }
        return switch (offset & ~3) {
            case LEN -> "len";
            case PKT_TYPE -> "pkt_type";
            case MARK -> "mark";
            case QUEUE_MAPPING -> "queue_mapping";
            case PROTOCOL -> "protocol";
            case VLAN_PRESENT -> "vlan_present";
            case VLAN_TCI -> "vlan_tci";
            case VLAN_PROTO -> "vlan_proto";
            case PRIORITY -> "priority";
            case INGRESS_IFINDEX -> "ingress_ifindex";
            case IFINDEX -> "ifindex";
            case TC_INDEX -> "tc_index";
            case HASH -> "hash";
            case TC_CLASSID -> "tc_classid";
            case DATA -> "data";
            case DATA_END -> "data_end";
            case NAPI_ID -> "napi_id";
            case FAMILY -> "family";
            case REMOTE_IP4 -> "remote_ip4";
            case LOCAL_IP4 -> "local_ip4";
            case REMOTE_PORT -> "remote_port";
            case LOCAL_PORT -> "local_port";
            case DATA_META -> "data_meta";
            case FLOW_KEYS, FLOW_KEYS + 4 -> "flow_keys";
            case TSTAMP, TSTAMP + 4 -> "tstamp";
            case WIRE_LEN -> "wire_len";
            case GSO_SEGS -> "gso_segs";
            case SK, SK + 4 -> "sk";
            case GSO_SIZE -> "gso_size";
            case TSTAMP_TYPE -> offset == TSTAMP_TYPE ? "tstamp_type" : "padding after tstamp_type";
            case HWTSTAMP, HWTSTAMP + 4 -> "hwtstamp";
            default -> "offset " + offset;
        };
    }
}
