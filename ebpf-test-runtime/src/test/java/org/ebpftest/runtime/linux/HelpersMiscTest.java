package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.maps.BpfMap;
import org.junit.jupiter.api.Test;

/**
 * The helpers of {@code helpers_misc.c} without a kernel: every slot its programs record, as Linux
 * 6.18 recorded them for this frame with {@code bpftool prog run} (no ctx_in, as here). The same
 * object also runs live against the kernel in {@code ObjectKernelComparisonTest} where root and
 * bpftool are available; this test keeps the answers checked everywhere else.
 */
class HelpersMiscTest {
    /** 64 bytes: Ethernet, IPv4 192.0.2.1 to 198.51.100.7, TCP 40000 to 443 SYN, 10 zero bytes of payload. */
    private static final byte[] FRAME = HexFormat.of().parseHex("0200000000020200000000010800"
            + "450000320000400040060000c0000201c6336407" + "9c4001bb000003e80000000050020000ffff0000" + "00000000000000000000");

    /** The results map after the three programs ran, slot by slot, as the kernel left it. */
    private static final long[] KERNEL = {
        7, -1234, 6, 32767, 6, 32767, 4, 511, 4, 777,            // strtol: decimal, hex with base 0 and 16, octal with base 0 and 10
        -34, -22, -22, -22, 6, 32767, 4, 0,                      // overflow, no digits, bad base, strtoul of "-", hex, a short buffer
        62, 62,                                                  // snprintf: the length it needs, whatever the buffer
        0, 65536, 1,                                             // check_mtu on loopback, its MTU, a 70000-byte packet (FRAG_NEEDED)
        -13, 0, -22,                                             // csum_level: query on CHECKSUM_NONE, inc, a bad level
        305419896, 0,                                            // set_hash, then set_hash_invalid
        -22, 0, 0, 180388626432L,                                // get_tunnel_key with no tunnel, set, get, id << 32 | remote
        0, 0,                                                    // strtol/strtoul failures zero *res
        -19, 77,                                                 // check_mtu on a missing device keeps *mtu_len
        -22, 0,                                                  // an IPv4 key with a flow label; an old-size IPv6 key
        0, 65,                                                   // probe_read_kernel_str of size 0 writes nothing
    };

    private static long slot(BpfMap results, int i) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
        return ByteBuffer.wrap(results.lookup(key).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void everyRecordedResultIsTheKernels() throws IOException {
        LoadedObject object = LoadedObjectTest.load("helpers_misc.o");

        assertThat(object.run("strtox", XdpInput.of(FRAME)).retval()).isEqualTo(2);
        assertThat(object.run("format", XdpInput.of(FRAME)).retval()).isEqualTo(2);
        assertThat(object.run("skb_misc", SkbInput.of(FRAME).withoutContext()).retval()).isZero();

        BpfMap results = object.map("results");
        long[] got = new long[KERNEL.length];
        for (int i = 0; i < got.length; i++) {
            got[i] = slot(results, i);
        }
        assertThat(got).containsExactly(KERNEL);
    }

    @Test
    void snprintfWritesWhatTheKernelWrote() throws IOException {
        LoadedObject object = LoadedObjectTest.load("helpers_misc.o");

        object.run("format", XdpInput.of(FRAME));

        // The kernel's bytes, from bpftool map dump: the first call wrote the whole line; the second,
        // limited to 8 bytes, wrote "a=-42 b" and its NUL over the start of it.
        byte[] kernel = HexFormat.ofDelimiter(" ").parseHex("61 3d 2d 34 32 20 62 00 34 32 20 63 3d 62 65 65 66 20 64 3d 2d 39 30 30 30 30 30 30 30 30 30 20 65 3d 30 30 30 30 37 7c 33 20 20 20 7c 31 31 32 32 33 33 34 34 35 35 36 36 37 37 38 38 00 00 00");
        assertThat(object.map("formatted").lookup(new byte[4]).orElseThrow()).isEqualTo(kernel);
    }
}
