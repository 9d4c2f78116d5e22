package org.ebpftest.runtime.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.isa.Assembler;
import org.ebpftest.runtime.isa.Instruction;
import org.ebpftest.runtime.isa.Register;
import org.ebpftest.runtime.isa.Size;
import org.ebpftest.runtime.linux.buffers.SkbInput;
import org.ebpftest.runtime.linux.buffers.SkbLayout;
import org.ebpftest.runtime.vm.Program;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * The __sk_buff test_run builds, the verifier's access rules and the socket-filter view. The
 * values were confirmed against the kernel with bpftool prog run, using the programs in
 * resources/linux/skb_fields.c and ldabs.c on resources/linux/ipv4tcp.bin (a 200-byte IPv4 TCP
 * frame to 00:00:00:00:00:00).
 */
class SkbContextTest {
    private static final byte[] IPV4_TCP = KernelFixtures.bytes("ipv4tcp.bin");

    private static int[] fieldsWritten(RunResult r) {
        ByteBuffer b = ByteBuffer.wrap(r.packet()).order(ByteOrder.LITTLE_ENDIAN);
        int[] w = new int[26];
        for (int i = 0; i < w.length; i++) {
            w[i] = b.getInt(14 + 4 * i);
        }
        return w;
    }

    @Test
    void tcProgramReadsTheFieldsTestRunSetsWithoutContext() {
        // given tc_fields, which copies every field into the packet, and no ctx_in/ctx_out
        Program program = KernelFixtures.program("tc_fields");

        // when it runs as a bare bpftool prog run would run it
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.SCHED_CLS, SkbInput.of(IPV4_TCP).withoutContext());

        // then the fields are the kernel's: len, pkt_type HOST, protocol 0x0008 (__be16 ETH_P_IP),
        // ifindex 1 (loopback), data_end - data = 200, wire_len 0 (not set without a context)
        // and sk != NULL (word 25): test_run's own socket
        assertThat(fieldsWritten(r)).startsWith(200, 0, 0, 0, 8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(r.contextOut()).isEmpty();
    }

    @Test
    void tcProgramSeesContextInputAndReturnsContextOutAsTheKernel() {
        // given mark, priority, cb[0] and tstamp in ctx_in
        Program program = KernelFixtures.program("tc_fields");
        SkbInput input = SkbInput.of(IPV4_TCP).withMark(0x77).withPriority(5).withCb(0xabcd, 0, 0, 0, 0).withTimestamps(123456789, 0);

        // when the program reads them and writes mark, priority, cb[1], tc_index, tc_classid, queue_mapping, tstamp
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.SCHED_CLS, input);

        // then it read what test_run set (wire_len is len once a context is passed) ...
        assertThat(fieldsWritten(r)).startsWith(200, 0, 0x77, 0, 8, 0, 0, 0, 5, 0, 1, 0, 0xabcd, 0, 0, 0, 0, 200, 0, 200, 0, 0, 123456789, 0, 0);
        // ... and ctx_out holds only what convert_skb_to___skb copies back, byte for byte as the kernel gave it
        assertThat(KernelFixtures.hex(r.contextOut().orElseThrow())).isEqualTo(
                "000000000000000055000000000000000000000000000000000000000000000007000000000000000100000000000000"
                + "cdab00003412000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000e803000000000000c800000000000000000000000000000000000000000000000000000000000000");
        // ... while the final context keeps the fields test_run does not copy back
        assertThat(r.contextField(SkbLayout.TC_CLASSID)).isEqualTo(9);
        assertThat(r.contextField(SkbLayout.QUEUE_MAPPING)).isEqualTo(2);
    }

    @Test
    void socketFilterSeesThePacketFromTheNetworkHeader() {
        // given sf_len, which returns len << 16 | protocol
        Program program = KernelFixtures.program("sf_len");

        // when it runs
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.SOCKET_FILTER, SkbInput.of(IPV4_TCP));

        // then len excludes the Ethernet header, and data_out has that header zeroed, as in the kernel
        assertThat(r.retval()).isEqualTo(0xba0008);
        assertThat(KernelFixtures.hex(r.packet()).substring(0, 40)).isEqualTo("000000000000000000000000000045000000ba00");
    }

    @Test
    void legacyLoadsCountFromTheHeaderOfEachProgramType() {
        // given programs loading byte 0, SKF_NET_OFF + 1 and SKF_LL_OFF + 12 with LD_ABS
        LinuxEmulator linux = LinuxEmulator.builder().build();

        // when run as a socket filter and as a tc program
        RunResult filter = linux.run(KernelFixtures.program("sf_ldabs"), ContextType.SOCKET_FILTER, SkbInput.of(IPV4_TCP));
        RunResult tc = linux.run(KernelFixtures.program("tc_ldabs"), ContextType.SCHED_CLS, SkbInput.of(IPV4_TCP));

        // then offset 0 is the IP header for the filter and the MAC header for tc, as the kernel gave
        assertThat(filter.retval()).isEqualTo(0x450008);
        assertThat(tc.retval()).isEqualTo(0x000008);
    }

    @Test
    void legacyLoadPastThePacketEndsTheProgramWithZero() {
        // given a socket filter loading a word at offset 184 of a 186-byte network packet
        Program program = Program.of("ldabs_past_end", new Assembler().mov64(Register.R6, Register.R1)
                .raw(new Instruction(0x20, 0, 0, 0, 184, 0)).mov64(Register.R0, 7).exit().build());

        // when it runs
        RunResult r = LinuxEmulator.builder().build().run(program, ContextType.SOCKET_FILTER, SkbInput.of(IPV4_TCP));

        // then the program stopped with r0 = 0
        assertThat(r.returnValue()).isZero();
    }

    @Test
    void writingAReadOnlyFieldTrapsAtTheStoreNamingTheField() {
        // given a tc program storing to __sk_buff.len at pc 1
        Program program = Program.of("write_len", new Assembler().mov64(Register.R2, 1).store(Size.W, Register.R1, 0, Register.R2)
                .mov64(Register.R0, 0).exit().build());

        // when it runs, then it traps at the store with the verifier's rule
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.SCHED_CLS, SkbInput.of(IPV4_TCP)))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("store of 4 bytes to __sk_buff.len: sched_cls programs may only write mark")
                .extracting(e -> ((TrapException) e).pc()).isEqualTo(1);
    }

    @Test
    void socketFilterMayNotReadPacketPointers() {
        // given a socket filter reading __sk_buff.data
        Program program = Program.of("read_data", new Assembler().load(Size.W, Register.R0, Register.R1, SkbLayout.DATA).exit().build());

        // when it runs, then it traps naming the field
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.SOCKET_FILTER, SkbInput.of(IPV4_TCP)))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("load of 4 bytes from __sk_buff.data: not accessible to socket_filter programs");
    }

    @Test
    void cgroupSkbProgramMayReadButNotWriteThePacket() {
        // given a cgroup_skb program storing a byte at data
        Program program = Program.of("write_packet", new Assembler().load(Size.W, Register.R2, Register.R1, SkbLayout.DATA)
                .store(Size.B, Register.R2, 0, 1).mov64(Register.R0, 1).exit().build());

        // when it runs, then the store traps
        assertThatThrownBy(() -> LinuxEmulator.builder().build().run(program, ContextType.CGROUP_SKB, SkbInput.of(IPV4_TCP)))
                .isInstanceOf(TrapException.class)
                .hasMessageContaining("cgroup_skb programs may only read it");
    }

    @Test
    void contextFieldsTestRunDoesNotAcceptAreRefusedWithEinval() {
        // given a raw __sk_buff with len set, which test_run refuses
        byte[] ctx = new byte[SkbLayout.SIZE];
        ctx[SkbLayout.LEN] = 1;

        // when it is converted, then the kernel's -EINVAL is raised naming the field
        assertThatThrownBy(() -> SkbInput.fromTestRun(IPV4_TCP, ctx))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("-EINVAL: __sk_buff.len is not accepted in ctx_in")
                .extracting(e -> ((RunRefusedException) e).errno()).isEqualTo(22);
    }

    @Test
    void packetTypeFollowsTheDestinationAddressOnLoopback() {
        // given frames to the loopback address (zero), to broadcast, and to another host
        Program readType = Program.of("pkt_type", new Assembler().load(Size.W, Register.R0, Register.R1, SkbLayout.PKT_TYPE).exit().build());
        LinuxEmulator linux = LinuxEmulator.builder().build();
        byte[] broadcast = IPV4_TCP.clone();
        byte[] other = IPV4_TCP.clone();
        for (int i = 0; i < 6; i++) {
            broadcast[i] = (byte) 0xff;
        }
        other[0] = 2;
        other[5] = 2;

        // when a tc program reads pkt_type, then it is HOST, MULTICAST (loopback has no broadcast address) and OTHERHOST, as the kernel gave
        assertThat(linux.run(readType, ContextType.SCHED_CLS, SkbInput.of(IPV4_TCP)).retval()).isEqualTo(0);
        assertThat(linux.run(readType, ContextType.SCHED_CLS, SkbInput.of(broadcast)).retval()).isEqualTo(2);
        assertThat(linux.run(readType, ContextType.SCHED_CLS, SkbInput.of(other)).retval()).isEqualTo(3);
    }
}
