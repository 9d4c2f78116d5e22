package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.buffers.NetfilterInput;
import org.ebpftest.runtime.linux.buffers.RawInput;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * Netfilter test runs (netfilter.c) without a kernel: the answers NetfilterKernelTest confirmed
 * against Linux 6.18, and the traps for what is not emulated.
 */
class NetfilterTest {
    private static final byte[] ZERO_MAC = new byte[6];

    private static LoadedObject object() throws Exception {
        return LoadedObject.load(ObjectSpec.parse("netfilter.o", NetfilterCases.object()));
    }

    private static long[] probe(LoadedObject o, NetfilterInput in) {
        assertThat(o.run("nf_probe", in).retval()).isEqualTo(1);
        ByteBuffer b = ByteBuffer.wrap(o.map(".bss").lookup(new byte[4]).orElseThrow()).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[16];
        for (int i = 0; i < 16; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    @Test
    void dropsDnsAndForwardedPacketsAndAcceptsTheRest() throws Exception {
        LoadedObject o = object();

        assertThat(o.run("nf_filter", NetfilterInput.of(NetfilterCases.udp4(53))).retval()).isEqualTo(0);
        assertThat(o.run("nf_filter", NetfilterInput.of(NetfilterCases.udp4(80))).retval()).isEqualTo(1);
        assertThat(o.run("nf_filter", NetfilterInput.at(NetfilterInput.FORWARD, NetfilterInput.IPV4,
                NetfilterCases.ethernet(ZERO_MAC, 0x0800, NetfilterCases.udp4(80)))).retval()).isEqualTo(0);
        assertThat(o.run("nf_filter", NetfilterInput.at(NetfilterInput.POST_ROUTING, NetfilterInput.IPV6,
                NetfilterCases.ethernet(ZERO_MAC, 0x86dd, NetfilterCases.ipv6(58, 2)))).retval()).isEqualTo(1);
    }

    @Test
    void givesTheLoopbackDeviceAsOutOnlyWhenTheStateIsPassedAsLinuxDoes() throws Exception {
        LoadedObject o = object();

        long[] without = probe(o, NetfilterInput.of(NetfilterCases.udp4(53)));
        long[] preRouting = probe(o, NetfilterInput.at(NetfilterInput.PRE_ROUTING, NetfilterInput.IPV4,
                NetfilterCases.ethernet(ZERO_MAC, 0x0800, NetfilterCases.udp4(53))));

        // hook, pf, in's and out's ifindex, len, protocol (as in memory), network and mac header
        assertThat(new long[] {without[0], without[1], without[2], without[3], without[4], without[11], without[12], without[13]})
                .containsExactly(3, 2, 0, 0, 28, 0x0008, 0, 0xffff);
        assertThat(new long[] {preRouting[0], preRouting[1], preRouting[2], preRouting[3], preRouting[4], preRouting[11], preRouting[12],
            preRouting[13]}).containsExactly(0, 2, 0, 1, 28, 0x0008, 78, 64);
    }

    @Test
    void refusesWhatBpfProgTestRunNfRefusesWithItsErrno() throws Exception {
        LoadedObject o = object();

        assertThatThrownBy(() -> o.run("nf_filter", NetfilterInput.at(NetfilterInput.LOCAL_OUT, 7, NetfilterCases.udp4(53))))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> o.run("nf_filter", NetfilterInput.at(NetfilterInput.PRE_ROUTING, NetfilterInput.IPV4,
                NetfilterCases.ethernet(ZERO_MAC, 0x0806, NetfilterCases.udp4(53)))))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO));
        assertThatThrownBy(() -> o.run("nf_filter", NetfilterInput.of(new byte[19])))
                .isInstanceOfSatisfying(RunRefusedException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void trapsNamingTheSkBuffMemberTheEmulatorDoesNotModel() throws Exception {
        LoadedObject o = object();

        assertThatThrownBy(() -> o.run("nf_hash", NetfilterInput.of(NetfilterCases.udp4(53))))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("load of 4 bytes at offset 148 of struct sk_buff (hash)")
                .hasMessageContaining("the emulator models only len, data_len, mac_len");
    }

    @Test
    void refusesRawContextBytesForANetfilterProgram() throws Exception {
        LoadedObject o = object();

        assertThatThrownBy(() -> o.run("nf_filter", new RawInput(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NetfilterInput");
    }
}
