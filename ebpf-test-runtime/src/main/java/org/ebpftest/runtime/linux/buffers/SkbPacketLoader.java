package org.ebpftest.runtime.linux.buffers;

import org.ebpftest.runtime.vm.LegacyPacketLoader;
import org.ebpftest.runtime.vm.Vm;

/**
 * LD_ABS and LD_IND for socket buffers, as {@code bpf_skb_load_helper_*} does them: non-negative
 * offsets count from skb->data (the Ethernet header for tc, the network header for socket filters
 * and cgroup skb programs); {@code SKF_NET_OFF + k} counts from the network header and
 * {@code SKF_LL_OFF + k} from the link-layer header. Bytes outside the buffer end the program with 0.
 */
public final class SkbPacketLoader implements LegacyPacketLoader {
    static final int SKF_NET_OFF = -0x100000;
    static final int SKF_LL_OFF = -0x200000;

    private final SkBuff skb;

    public SkbPacketLoader(SkBuff skb) {
        this.skb = skb;
    }

    @Override
    public long load(Vm vm, long context, long offset, int size) {
        int k = (int) offset;
        long at;
        if (k >= 0) {
            if ((long) k + size > skb.len()) {
                return -1;
            }
            at = skb.data + (long) k;
        } else if (k >= SKF_NET_OFF) {
            at = skb.network + (long) k - SKF_NET_OFF;
        } else if (k >= SKF_LL_OFF) {
            at = skb.mac + (long) k - SKF_LL_OFF;
        } else {
            return -1;
        }
        // the kernel allows anything between skb->head and the tail pointer
        if (at < 0 || at + size > skb.tail) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = v << 8 | (skb.buf[(int) at + i] & 0xff);
        }
        return v;
    }
}
