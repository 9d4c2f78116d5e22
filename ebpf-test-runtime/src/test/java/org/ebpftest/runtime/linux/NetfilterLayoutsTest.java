package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ebpftest.runtime.btf.Btf;
import org.ebpftest.runtime.btf.BtfKind;
import org.ebpftest.runtime.btf.BtfType;
import org.ebpftest.runtime.btf.KernelBtf;
import org.junit.jupiter.api.Test;

/**
 * The kernel structs a netfilter run lays out (NetfilterRuns), checked against the emulated
 * kernel's BTF as KernelLayoutsTest checks the others: each modelled member's offset, each
 * struct's size.
 */
class NetfilterLayoutsTest {
    private static final Btf KERNEL = KernelBtf.vmlinux();

    /** The byte offset of a member found by name through anonymous structs and unions, or -1. */
    private static long offsetOf(BtfType.Composite c, String name, long base) {
        for (BtfType.Member m : c.members()) {
            long at = base + m.bitOffset() / 8;
            if (m.name().equals(name)) {
                return at;
            }
            if (m.name().isEmpty() && KERNEL.resolve(m.type()) instanceof BtfType.Composite inner) {
                long f = offsetOf(inner, name, at);
                if (f >= 0) {
                    return f;
                }
            }
        }
        return -1;
    }

    private static Map<String, Long> layout(String struct, String... members) {
        BtfType.Composite c = (BtfType.Composite) KERNEL.find(struct, BtfKind.STRUCT).orElseThrow();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sizeof", (long) c.size());
        for (String name : members) {
            m.put(name, offsetOf(c, name, 0));
        }
        return m;
    }

    @Test
    void laysOutTheHookStateTheSocketBufferAndTheDeviceAsTheKernelsBtfDoes() {
        assertThat(layout("nf_hook_state", "hook", "pf", "in", "out")).containsExactly(
                Map.entry("sizeof", (long) NetfilterRuns.STATE.size()), Map.entry("hook", (long) NetfilterRuns.STATE_HOOK),
                Map.entry("pf", (long) NetfilterRuns.STATE_PF), Map.entry("in", (long) NetfilterRuns.STATE_IN),
                Map.entry("out", (long) NetfilterRuns.STATE_OUT));
        assertThat(layout("sk_buff", "len", "data_len", "mac_len", "priority", "skb_iif", "mark", "protocol", "transport_header",
                "network_header", "mac_header", "__pkt_type_offset")).containsExactly(
                Map.entry("sizeof", (long) NetfilterRuns.SK_BUFF.size()), Map.entry("len", (long) NetfilterRuns.SKB_LEN),
                Map.entry("data_len", (long) NetfilterRuns.SKB_DATA_LEN), Map.entry("mac_len", (long) NetfilterRuns.SKB_MAC_LEN),
                Map.entry("priority", (long) NetfilterRuns.SKB_PRIORITY), Map.entry("skb_iif", (long) NetfilterRuns.SKB_IIF),
                Map.entry("mark", (long) NetfilterRuns.SKB_MARK), Map.entry("protocol", (long) NetfilterRuns.SKB_PROTOCOL),
                Map.entry("transport_header", (long) NetfilterRuns.SKB_TRANSPORT_HEADER),
                Map.entry("network_header", (long) NetfilterRuns.SKB_NETWORK_HEADER), Map.entry("mac_header", (long) NetfilterRuns.SKB_MAC_HEADER),
                Map.entry("__pkt_type_offset", (long) NetfilterRuns.SKB_PKT_TYPE));
        assertThat(layout("net_device", "ifindex")).containsExactly(
                Map.entry("sizeof", (long) NetfilterRuns.NET_DEVICE.size()), Map.entry("ifindex", (long) NetfilterRuns.DEVICE_IFINDEX));
        assertThat(layout("bpf_nf_ctx", "state", "skb")).containsExactly(Map.entry("sizeof", 16L), Map.entry("state", 0L), Map.entry("skb", 8L));
    }
}
