package org.ebpftest.runtime.linux.helpers;

import static org.ebpftest.runtime.linux.helpers.HelperId.TCP_RAW_CHECK_SYNCOOKIE_IPV4;
import static org.ebpftest.runtime.linux.helpers.HelperId.TCP_RAW_CHECK_SYNCOOKIE_IPV6;
import static org.ebpftest.runtime.linux.helpers.HelperId.TCP_RAW_GEN_SYNCOOKIE_IPV4;
import static org.ebpftest.runtime.linux.helpers.HelperId.TCP_RAW_GEN_SYNCOOKIE_IPV6;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.linux.KernelRun;
import org.ebpftest.runtime.linux.VirtualClock;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.Memory;

/**
 * The raw SYN cookie helpers of tc and XDP programs ({@code bpf_tcp_raw_gen_syncookie_ipv4/6},
 * {@code bpf_tcp_raw_check_syncookie_ipv4/6}), computed the way Linux computes SYN cookies: SipHash
 * of the addresses and ports under a boot secret, the minute counter in the top 8 bits, and the
 * index of the MSS in the kernel's table of four in the low 24. The secret is the emulator's own
 * (Linux draws one at random per boot), fixed so that runs repeat: a cookie the emulator generated
 * checks, and any other (such as one the kernel generated) does not, as in the kernel. The minute
 * counter follows the virtual clock's jiffies, so a cookie stops checking once the counter has
 * moved on twice (between one and two minutes after it was made).
 */
final class Syncookies {
    private static final int COOKIE_BITS = 24;
    private static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    /** MAX_SYNCOOKIE_AGE: how many minutes a cookie stays good. */
    private static final int MAX_AGE = 2;
    private static final int[] MSS_V4 = {536, 1300, 1440, 1460};
    private static final int[] MSS_V6 = {1280 - 60, 1480 - 60, 1500 - 60, 9000 - 60};
    /** TCP_MSS_DEFAULT, and IPV6_MIN_MTU less the TCP and IPv6 headers: the MSS of a SYN without the option. */
    private static final int DEFAULT_MSS_V4 = 536;
    private static final int DEFAULT_MSS_V6 = 1280 - 20 - 40;
    /** The emulator's boot secrets: two SipHash keys per family (k0, k1 each). */
    private static final long[][] SECRET_V4 = {{0x0706050403020100L, 0x0f0e0d0c0b0a0908L}, {0x1716151413121110L, 0x1f1e1d1c1b1a1918L}};
    private static final long[][] SECRET_V6 = {{0x2726252423222120L, 0x2f2e2d2c2b2a2928L}, {0x3736353433323130L, 0x3f3e3d3c3b3a3938L}};
    private static final int TCP_HEADER = 20;

    private Syncookies() {
    }

    static void register(HelperRegistry t) {
        t.register(TCP_RAW_GEN_SYNCOOKIE_IPV4, RedirectHelpers.TC_XDP, (run, iph, th, thLen, r4, r5) -> generate(run, iph, th, thLen, false));
        t.register(TCP_RAW_GEN_SYNCOOKIE_IPV6, RedirectHelpers.TC_XDP, (run, iph, th, thLen, r4, r5) -> generate(run, iph, th, thLen, true));
        t.register(TCP_RAW_CHECK_SYNCOOKIE_IPV4, RedirectHelpers.TC_XDP, (run, iph, th, r3, r4, r5) -> check(run, iph, th, false));
        t.register(TCP_RAW_CHECK_SYNCOOKIE_IPV6, RedirectHelpers.TC_XDP, (run, iph, th, r3, r4, r5) -> check(run, iph, th, true));
    }

    private static long generate(KernelRun run, long iph, long th, long thLen, boolean v6) {
        Memory m = run.vm().memory();
        int len = (int) thLen;
        if ((thLen & 0xffffffffL) < TCP_HEADER || len != ((m.load8(th + 12) >>> 4) & 0xf) * 4) {
            return -Errno.EINVAL;
        }
        byte[] tcp = m.read(th, len);
        int mss = parseMss(tcp);
        if (mss == 0) {
            mss = v6 ? DEFAULT_MSS_V6 : DEFAULT_MSS_V4;
        }
        int[] table = v6 ? MSS_V6 : MSS_V4;
        int index = table.length - 1;
        while (index > 0 && mss < table[index]) {
            index--;
        }
        byte[] ip = m.read(iph, v6 ? 40 : 20);
        int seq = ByteBuffer.wrap(tcp).getInt(4);
        int count = minutes(run);
        int cookie = hash(ip, tcp, 0, 0, v6) + seq + (count << COOKIE_BITS) + ((hash(ip, tcp, count, 1, v6) + index) & COOKIE_MASK);
        return (cookie & 0xffffffffL) | (long) table[index] << 32;
    }

    private static long check(KernelRun run, long iph, long th, boolean v6) {
        Memory m = run.vm().memory();
        byte[] ip = m.read(iph, v6 ? 40 : 20);
        byte[] tcp = m.read(th, TCP_HEADER);
        ByteBuffer t = ByteBuffer.wrap(tcp);
        int seq = t.getInt(4) - 1;
        int cookie = t.getInt(8) - 1;
        int count = minutes(run);
        cookie -= hash(ip, tcp, 0, 0, v6) + seq;
        int diff = (count - (cookie >>> COOKIE_BITS)) & (-1 >>> COOKIE_BITS);
        if (diff >= MAX_AGE) {
            return -Errno.EACCES;
        }
        int index = (cookie - hash(ip, tcp, count - diff, 1, v6)) & COOKIE_MASK;
        return index < (v6 ? MSS_V6 : MSS_V4).length ? 0 : -Errno.EACCES;
    }

    /** tcp_cookie_time: jiffies divided into periods of a minute (60 * HZ), from the virtual clock. */
    private static int minutes(KernelRun run) {
        VirtualClock clock = run.environment().clock();
        return (int) Long.divideUnsigned(clock.jiffies64(), 60L * clock.hz());
    }

    /**
     * cookie_hash: SipHash-2-4 under secret {@code c} of the addresses, the ports and the count, as
     * the bytes sit in the packet (IPv4: saddr, daddr, sport | dport as one 32-bit word in the
     * order the kernel builds it, count; IPv6: saddr, daddr, count, sport, dport).
     */
    private static int hash(byte[] ip, byte[] tcp, int count, int c, boolean v6) {
        ByteBuffer b;
        if (v6) {
            b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
            b.put(ip, 8, 32).putInt(count).put(tcp, 0, 4);
            return (int) sipHash(SECRET_V6[c], b.array());
        }
        ByteBuffer p = ByteBuffer.wrap(tcp).order(ByteOrder.LITTLE_ENDIAN);
        int sport = p.getShort(0) & 0xffff;
        int dport = p.getShort(2) & 0xffff;
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ip, 12, 8).putInt(sport << 16 | dport).putInt(count);
        return (int) sipHash(SECRET_V4[c], b.array());
    }

    /** tcp_parse_mss_option without a user MSS: the last MSS option's non-zero value, 0 for none. */
    static int parseMss(byte[] tcp) {
        int mss = 0;
        int at = TCP_HEADER;
        while (at < tcp.length) {
            int kind = tcp[at] & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            if (at + 1 >= tcp.length) {
                break;
            }
            int size = tcp[at + 1] & 0xff;
            if (size < 2 || size > tcp.length - at) {
                break;
            }
            if (kind == 2 && size == 4) {
                int v = (tcp[at + 2] & 0xff) << 8 | tcp[at + 3] & 0xff;
                if (v != 0) {
                    mss = v;
                }
            }
            at += size;
        }
        return mss;
    }

    /** SipHash-2-4 of {@code data} under the 128-bit key {@code k0, k1}. */
    static long sipHash(long[] key, byte[] data) {
        long v0 = key[0] ^ 0x736f6d6570736575L;
        long v1 = key[1] ^ 0x646f72616e646f6dL;
        long v2 = key[0] ^ 0x6c7967656e657261L;
        long v3 = key[1] ^ 0x7465646279746573L;
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int whole = data.length & ~7;
        long[] v = {v0, v1, v2, v3};
        for (int i = 0; i < whole; i += 8) {
            long word = b.getLong(i);
            v[3] ^= word;
            rounds(v, 2);
            v[0] ^= word;
        }
        long last = (long) data.length << 56;
        for (int i = whole; i < data.length; i++) {
            last |= (data[i] & 0xffL) << (8 * (i - whole));
        }
        v[3] ^= last;
        rounds(v, 2);
        v[0] ^= last;
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void rounds(long[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[0] += v[1];
            v[1] = Long.rotateLeft(v[1], 13);
            v[1] ^= v[0];
            v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3];
            v[3] = Long.rotateLeft(v[3], 16);
            v[3] ^= v[2];
            v[0] += v[3];
            v[3] = Long.rotateLeft(v[3], 21);
            v[3] ^= v[0];
            v[2] += v[1];
            v[1] = Long.rotateLeft(v[1], 17);
            v[1] ^= v[2];
            v[2] = Long.rotateLeft(v[2], 32);
        }
    }
}
