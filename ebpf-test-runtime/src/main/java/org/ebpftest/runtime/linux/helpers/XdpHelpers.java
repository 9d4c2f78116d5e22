package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.XDP_ADJUST_HEAD;
import static org.ebpftest.runtime.linux.helpers.HelperId.XDP_ADJUST_META;
import static org.ebpftest.runtime.linux.helpers.HelperId.XDP_ADJUST_TAIL;
import static org.ebpftest.runtime.linux.helpers.HelperId.XDP_GET_BUFF_LEN;
import static org.ebpftest.runtime.linux.helpers.HelperId.XDP_LOAD_BYTES;
import static org.ebpftest.runtime.linux.helpers.HelperId.XDP_STORE_BYTES;

import java.util.EnumSet;
import java.util.Set;
import org.ebpftest.runtime.linux.ContextType;
import org.ebpftest.runtime.linux.buffers.XdpBuff;
import org.ebpftest.runtime.linux.buffers.XdpLayout;
import org.ebpftest.runtime.uapi.Errno;

/**
 * The XDP frame helpers, after net/core/filter.c: {@code bpf_xdp_adjust_head}, {@code _tail},
 * {@code _meta}, {@code bpf_xdp_load_bytes}, {@code _store_bytes} and {@code _get_buff_len}, with
 * the kernel's limits (confirmed against the kernel with bpftool prog run). On a multi-buffer frame
 * the byte helpers and {@code bpf_xdp_get_buff_len} see the whole frame and
 * {@code bpf_xdp_adjust_tail} works on the last fragment; {@code bpf_xdp_adjust_head} and
 * {@code _meta} move the linear part's bounds only.
 */
final class XdpHelpers {
    static final Set<ContextType> XDP = EnumSet.of(ContextType.XDP);

    private XdpHelpers() {
    }

    static void register(HelperRegistry t) {
        t.register(XDP_ADJUST_HEAD, XDP, (run, ctx, offset, r3, r4, r5) -> adjustHead(run.xdp(), (int) offset));
        t.register(XDP_ADJUST_META, XDP, (run, ctx, offset, r3, r4, r5) -> adjustMeta(run.xdp(), (int) offset));
        t.register(XDP_ADJUST_TAIL, XDP, (run, ctx, offset, r3, r4, r5) -> adjustTail(run.xdp(), (int) offset));
        t.register(XDP_GET_BUFF_LEN, XDP, (run, ctx, r2, r3, r4, r5) -> run.xdp().buffLength());
        t.register(XDP_LOAD_BYTES, XDP, (run, ctx, offset, buf, len, r5) -> {
            XdpBuff x = run.xdp();
            long err = check(x, offset, len);
            if (err != 0) {
                return err;
            }
            byte[] bytes = new byte[(int) len];
            x.copy((int) offset, bytes, false);
            run.vm().memory().write(buf, bytes);
            return 0;
        });
        t.register(XDP_STORE_BYTES, XDP, (run, ctx, offset, buf, len, r5) -> {
            XdpBuff x = run.xdp();
            long err = check(x, offset, len);
            if (err != 0) {
                return err;
            }
            x.copy((int) offset, run.vm().memory().read(buf, (int) len), true);
            return 0;
        });
    }

    /**
     * bpf_xdp_pointer's checks: offsets and lengths over 0xffff fault, ranges past the whole frame
     * (fragments included) are invalid.
     */
    static long check(XdpBuff x, long offset, long len) {
        long off = offset & 0xffffffffL;
        long n = len & 0xffffffffL;
        if (off > 0xffff || n > 0xffff) {
            return -Errno.EFAULT;
        }
        if (off + n > x.buffLength()) {
            return -Errno.EINVAL;
        }
        return 0;
    }

    static long adjustHead(XdpBuff x, int offset) {
        int metaLength = x.metaLength();
        int start = XdpLayout.XDP_FRAME_STRUCT + metaLength;
        long data = (long) x.data + offset;
        if (data < start || data > x.end - XdpLayout.ETH_HLEN) {
            return -Errno.EINVAL;
        }
        if (metaLength > 0) {
            System.arraycopy(x.page, x.meta, x.page, x.meta + offset, metaLength);
        }
        x.meta += offset;
        x.data = (int) data;
        x.sync();
        return 0;
    }

    static long adjustMeta(XdpBuff x, int offset) {
        long meta = (long) x.meta + offset;
        if (meta < XdpLayout.XDP_FRAME_STRUCT || meta > x.data) {
            return -Errno.EINVAL;
        }
        long metaLength = x.data - meta;
        // xdp_metalen_invalid: a multiple of 4 that fits skb_shared_info's u8 meta_len
        if ((metaLength & 3) != 0 || metaLength > 255) {
            return -Errno.EACCES;
        }
        x.meta = (int) meta;
        x.sync();
        return 0;
    }

    static long adjustTail(XdpBuff x, int offset) {
        if (x.hasFrags()) {
            // negated as an int, as the kernel does: INT_MIN stays negative and changes nothing
            return offset < 0 ? x.shrinkTail(-offset) : x.growLastFrag(offset);
        }
        long end = (long) x.end + offset;
        if (end > x.frameEnd() || end < x.data + XdpLayout.ETH_HLEN) {
            return -Errno.EINVAL;
        }
        if (offset > 0) {
            // the kernel clears grown tailroom, which may hold stale memory
            java.util.Arrays.fill(x.page, x.end, (int) end, (byte) 0);
        }
        x.end = (int) end;
        x.sync();
        return 0;
    }
}
