package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.RunResult;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.Test;

/**
 * The raw SYN cookie helpers with syncookies.c: the MSS each SYN gets (the kernel's, from bpftool
 * prog run: 1460 for an IPv4 SYN offering 1460, 1440 for an IPv6 one, -EINVAL for a length that is
 * not the header's), a cookie that checks in the ACK answering it and not otherwise, and SipHash
 * on its reference vectors. SyncookiesKernelTest compares with the kernel where it can.
 */
class SyncookiesTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Ethernet/IPv4/TCP SYN 10.0.0.1:40000 to 10.0.0.2:22, seq 1000, 20 bytes of options (MSS 1460). */
    static final byte[] SYN4 = HEX.parseHex("02000000000202000000000108004500003c00014000400626b90a0000010a000002"
            + "9c400016000003e800000000a002faf0b68c0000020405b40402080a0001e2400000000001030307");
    /** The same SYN over IPv6 (fd00::1 to fd00::2). */
    static final byte[] SYN6 = HEX.parseHex("02000000000202000000000186dd6000000000280640fd000000000000000000000000000001"
            + "fd0000000000000000000000000000029c400016000003e800000000a002faf0d08a0000020405b40402080a0001e2400000000001030307");

    static LoadedObject load() throws Exception {
        try (InputStream in = SyncookiesTest.class.getResourceAsStream("/elf/syncookies.o")) {
            return LoadedObject.load(ObjectSpec.parse("syncookies.o", in.readAllBytes()));
        }
    }

    /** The ACK answering a SYN-ACK whose sequence number was {@code cookie}: seq + 1, ack cookie + delta. */
    static byte[] ack(byte[] syn, int tcpAt, int cookie, int delta) {
        byte[] a = syn.clone();
        ByteBuffer b = ByteBuffer.wrap(a);
        b.putInt(tcpAt + 4, b.getInt(tcpAt + 4) + 1).putInt(tcpAt + 8, cookie + delta);
        a[tcpAt + 13] = 0x10;
        return a;
    }

    @Test
    void sipHashGivesTheReferenceValues() {
        long[] key = {0x0706050403020100L, 0x0f0e0d0c0b0a0908L};
        byte[] fifteen = new byte[15];
        for (int i = 0; i < fifteen.length; i++) {
            fifteen[i] = (byte) i;
        }

        assertThat(Syncookies.sipHash(key, new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(Syncookies.sipHash(key, fifteen)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void aCookieChecksInTheAckThatAnswersItAndNowhereElse() throws Exception {
        LoadedObject object = load();
        for (boolean v6 : new boolean[] {false, true}) {
            byte[] syn = v6 ? SYN6 : SYN4;
            int tcpAt = v6 ? 54 : 34;
            String check = v6 ? "check6" : "check4";

            // when the SYN gets its cookie
            RunResult gen = object.run(v6 ? "gen6" : "gen4", XdpInput.of(syn));
            int cookie = ByteBuffer.wrap(gen.packet()).getInt(tcpAt + 8);

            // then it carries the kernel's MSS choice, the answering ACK checks, and others do not
            assertThat(gen.returnValue()).isEqualTo(v6 ? 1440 : 1460);
            assertThat(object.run(check, XdpInput.of(ack(syn, tcpAt, cookie, 1))).returnValue()).isZero();
            // (a cookie off by one in its low bits may still name a valid MSS, in the kernel too: change its minute)
            assertThat(object.run(check, XdpInput.of(ack(syn, tcpAt, cookie, 1 + (1 << 24)))).returnValue()).isEqualTo(13);
            assertThat(object.run(check, XdpInput.of(syn)).returnValue()).isEqualTo(13);
        }
        assertThat(object.run("gen4_short", XdpInput.of(SYN4)).returnValue()).as("th_len 20 against doff 10").isEqualTo(1022);
    }

    @Test
    void aCookieStopsCheckingOnceTheMinuteCounterHasMovedTwice() throws Exception {
        LoadedObject object = load();
        RunResult gen = object.run("gen4", XdpInput.of(SYN4));
        int cookie = ByteBuffer.wrap(gen.packet()).getInt(42);
        byte[] ack = ack(SYN4, 34, cookie, 1);

        object.environment().clock().advance(Duration.ofSeconds(59));
        long withinAMinute = object.run("check4", XdpInput.of(ack)).returnValue();
        object.environment().clock().advance(Duration.ofSeconds(62));
        long afterTwo = object.run("check4", XdpInput.of(ack)).returnValue();

        assertThat(withinAMinute).isZero();
        assertThat(afterTwo).isEqualTo(13);
    }

    @Test
    void theMssIsTheLargestOfTheTableNotAboveTheOffer() {
        assertThat(Syncookies.parseMss(HEX.parseHex("0000000000000000000000000000000000000000020405b4"))).isEqualTo(1460);
        assertThat(Syncookies.parseMss(HEX.parseHex("000000000000000000000000000000000000000001010101"))).isZero();
        assertThat(Syncookies.parseMss(HEX.parseHex("00000000000000000000000000000000000000000204000002040218"))).as("the last non-zero wins")
                .isEqualTo(536);
    }
}
