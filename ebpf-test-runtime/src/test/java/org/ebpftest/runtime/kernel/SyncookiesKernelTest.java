package org.ebpftest.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * syncookies.c against this machine's kernel: the MSS the raw SYN cookie helpers choose for SYNs
 * offering various MSS values (or none), -EINVAL for a bad header length, a cookie that checks in
 * the ACK answering it on each side, and a forged ACK refused (-EACCES) on both. The cookies
 * themselves differ: each side has its own secret. Before, the helpers were not emulated and
 * xdp_synproxy_kern.c's programs trapped on every ACK.
 */
@Tag("kernel")
class SyncookiesKernelTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SYN4 = HEX.parseHex("02000000000202000000000108004500003c00014000400626b90a0000010a000002"
            + "9c400016000003e800000000a002faf0b68c0000020405b40402080a0001e2400000000001030307");
    private static final byte[] SYN6 = HEX.parseHex("02000000000202000000000186dd6000000000280640fd000000000000000000000000000001"
            + "fd0000000000000000000000000000029c400016000003e800000000a002faf0d08a0000020405b40402080a0001e2400000000001030307");

    @BeforeAll
    static void kernelAvailable() {
        assumeTrue(KernelOracle.unavailableReason().isEmpty(),
                () -> "kernel comparison skipped: " + KernelOracle.unavailableReason().orElse(""));
    }

    /** The SYN with another MSS option value, or the option replaced by NOPs (-1). */
    private static byte[] withMss(byte[] syn, int tcpAt, int mss) {
        byte[] s = syn.clone();
        if (mss < 0) {
            s[tcpAt + 20] = 1;
            s[tcpAt + 21] = 1;
            s[tcpAt + 22] = 1;
            s[tcpAt + 23] = 1;
        } else {
            s[tcpAt + 22] = (byte) (mss >> 8);
            s[tcpAt + 23] = (byte) mss;
        }
        return s;
    }

    private static byte[] ack(byte[] syn, int tcpAt, int cookie, int delta) {
        byte[] a = syn.clone();
        ByteBuffer b = ByteBuffer.wrap(a);
        b.putInt(tcpAt + 4, b.getInt(tcpAt + 4) + 1).putInt(tcpAt + 8, cookie + delta);
        a[tcpAt + 13] = 0x10;
        return a;
    }

    @Test
    void cookiesChooseTheKernelsMssAndCheckAsInTheKernel() throws Exception {
        byte[] object;
        try (InputStream in = SyncookiesKernelTest.class.getResourceAsStream("/elf/syncookies.o")) {
            object = in.readAllBytes();
        }
        LoadedObject emulated = LoadedObject.load(ObjectSpec.parse("syncookies.o", object));
        try (KernelOracle kernel = KernelOracle.load(object, "syncookies")) {
            for (boolean v6 : new boolean[] {false, true}) {
                int tcpAt = v6 ? 54 : 34;
                for (int mss : new int[] {1460, 536, 535, 1300, 1439, 1440, 9000, 8940, 1220, 100, 0, -1}) {
                    byte[] syn = withMss(v6 ? SYN6 : SYN4, tcpAt, mss);
                    String gen = v6 ? "gen6" : "gen4";
                    String check = v6 ? "check6" : "check4";
                    String what = gen + " offering " + mss;

                    KernelOracle.KernelRun kernelGen = kernel.run(gen, syn);
                    var emulatedGen = emulated.run(gen, XdpInput.of(syn));
                    assertThat(emulatedGen.returnValue() & 0xffffffffL).as(what).isEqualTo(kernelGen.returnValue());

                    int kernelCookie = ByteBuffer.wrap(kernelGen.dataOut()).getInt(tcpAt + 8);
                    int emulatedCookie = ByteBuffer.wrap(emulatedGen.packet()).getInt(tcpAt + 8);
                    assertThat(kernel.run(check, ack(syn, tcpAt, kernelCookie, 1)).returnValue()).as("kernel's own " + what).isZero();
                    assertThat(emulated.run(check, XdpInput.of(ack(syn, tcpAt, emulatedCookie, 1))).returnValue()).as("own " + what).isZero();
                    byte[] forged = ack(syn, tcpAt, 0x12345678, 0);
                    assertThat(emulated.run(check, XdpInput.of(forged)).returnValue()).as("forged " + what)
                            .isEqualTo(kernel.run(check, forged).returnValue()).isEqualTo(13);
                }
            }
            assertThat(emulated.run("gen4_short", XdpInput.of(SYN4)).returnValue()).isEqualTo(kernel.run("gen4_short", SYN4).returnValue());
        }
    }
}
