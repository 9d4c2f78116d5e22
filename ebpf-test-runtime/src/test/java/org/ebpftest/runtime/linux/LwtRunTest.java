package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.junit.jupiter.api.Test;

/**
 * Lightweight-tunnel programs (lwt.c) run as bpf_prog_test_run_skb runs them, with the answers
 * Linux 6.18 gave for the same frame (LwtKernelTest asks the kernel itself where it can).
 */
class LwtRunTest {
    static byte[] object() throws IOException {
        try (InputStream in = LwtRunTest.class.getResourceAsStream("/elf/lwt.o")) {
            return in.readAllBytes();
        }
    }

    /** An Ethernet frame holding a 40-byte IPv4 packet (TTL 64) whose payload counts 0 to 19. */
    static byte[] frame() {
        byte[] f = new byte[54];
        f[12] = 0x08;
        byte[] ip = {0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        System.arraycopy(ip, 0, f, 14, ip.length);
        for (int i = 0; i < 20; i++) {
            f[34 + i] = (byte) i;
        }
        return f;
    }

    private static LoadedObject load() throws IOException {
        return LoadedObject.load(ObjectSpec.parse("lwt.o", object()));
    }

    @Test
    void typesLwtSectionsAndRunsThemOnTheSocketBuffer() throws IOException {
        LoadedObject lwt = load();

        assertThat(lwt.contextType("lwt_in_ttl")).isEqualTo(ContextType.LWT_IN);
        assertThat(lwt.contextType("lwt_out_load")).isEqualTo(ContextType.LWT_OUT);
        assertThat(lwt.contextType("lwt_xmit_push")).isEqualTo(ContextType.LWT_XMIT);
    }

    @Test
    void lwtInSeesThePacketFromTheNetworkHeader() throws IOException {
        // when lwt_in reads the TTL, len and protocol: the kernel said 64 + (40 << 8) + (0x0008 << 16)
        RunResult r = load().run("lwt_in_ttl", SkbInput.of(frame()));

        assertThat(r.retval()).isEqualTo(534592);
        assertThat(Arrays.copyOfRange(r.packet(), 14, 54)).isEqualTo(Arrays.copyOfRange(frame(), 14, 54));
    }

    @Test
    void lwtOutLoadsBytesFromTheNetworkHeader() throws IOException {
        RunResult r = load().run("lwt_out_load", SkbInput.of(frame()));

        // bytes 8 and 9 of the IPv4 header: TTL 64 and protocol 6
        assertThat(r.retval()).isEqualTo(70);
    }

    @Test
    void lwtXmitWritesThePacketAndMakesHeadroom() throws IOException {
        RunResult r = load().run("lwt_xmit_push", SkbInput.of(frame()));

        // then len is 40 + 14, the new head starts 0xaa, and the TTL went down to 63
        assertThat(r.retval()).isEqualTo(54);
        byte[] out = r.packet();
        assertThat(out).hasSize(68);
        assertThat(out[14]).isEqualTo((byte) 0xaa);
        assertThat(out[28 + 8]).isEqualTo((byte) 63);
    }
}
