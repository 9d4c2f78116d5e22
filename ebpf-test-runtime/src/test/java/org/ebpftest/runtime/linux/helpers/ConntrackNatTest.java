package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ebpftest.runtime.elf.ObjectSpec;
import org.ebpftest.runtime.linux.LoadedObject;
import org.ebpftest.runtime.linux.buffers.XdpInput;
import org.ebpftest.runtime.linux.net.ConntrackTable;
import org.ebpftest.runtime.linux.net.ConntrackTable.Entry;
import org.ebpftest.runtime.linux.net.ConntrackTable.Tuple;
import org.ebpftest.runtime.uapi.Errno;
import org.ebpftest.runtime.vm.TrapException;
import org.junit.jupiter.api.Test;

/**
 * bpf_ct_set_nat_info on allocated entries (ct_nat.c): the reply tuple and status bits the
 * inserted entry has, the errors, and the kernel's reuse of an earlier source mapping, against
 * tables the test fills. ConntrackNatKernelTest compares the sequences the kernel can run.
 */
class ConntrackNatTest {
    private static final byte[] CLIENT = {10, 0, 0, 9};
    private static final byte[] SERVER = {10, 0, 0, 1};
    private static final byte[] OTHER_SERVER = {10, 0, 0, 2};
    private static final byte[] NAT = {(byte) 192, (byte) 168, 1, 1};
    private static final int SRC = 0;
    private static final int DST = 1;
    private static final long NAT_BITS_SHIFT = 4;

    private static LoadedObject load() throws IOException {
        try (InputStream in = ConntrackNatTest.class.getResourceAsStream("/elf/ct_nat.o")) {
            return LoadedObject.load(ObjectSpec.parse("ct_nat.o", in.readAllBytes()));
        }
    }

    /** ct_nat.c's input: the tuple, l4proto, variant, manip, the NAT address and port. */
    static byte[] packet(Tuple t, int variant, int manip, byte[] address, int port) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put(t.source()).put(t.destination()).putShort((short) t.sourcePort()).putShort((short) t.destinationPort());
        b.put((byte) t.protocol()).put((byte) variant).put((byte) manip).put((byte) 0).put(address);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(port);
        return b.array();
    }

    private static long nat(LoadedObject object, Tuple t, int variant, int manip, byte[] address, int port) {
        return object.run("ct_nat", XdpInput.of(packet(t, variant, manip, address, port))).retval();
    }

    private static long lookup(LoadedObject object, Tuple t) {
        return object.run("ct_nat_lookup", XdpInput.of(packet(t, 0, 0, new byte[4], 0))).retval();
    }

    /** ct_nat's answer: the two calls' errors and status bits 4 to 8 (SRC_NAT, DST_NAT, SEQ_ADJUST, SRC_NAT_DONE, DST_NAT_DONE). */
    private static long natAnswer(int second, int first, long status) {
        return 0x1000000 | (-second & 0xff) << 16 | (-first & 0xff) << 8 | status >> NAT_BITS_SHIFT & 0x1f;
    }

    @Test
    void sourceNatWithAPortGivesTheInsertedEntryTheTranslatedReplyTuple() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);

        // when
        long answer = nat(object, flow, 0, SRC, NAT, 5555);

        // then: the server answers the NAT address and port; the reversed original is no tuple of it
        long status = ConntrackTable.IPS_SRC_NAT | ConntrackTable.IPS_SRC_NAT_DONE | ConntrackTable.IPS_CONFIRMED;
        assertThat(answer).isEqualTo(natAnswer(0, 0, status));
        Tuple reply = Tuple.tcp(SERVER, 80, NAT, 5555);
        assertThat(object.environment().conntrack().entries()).singleElement().satisfies(e -> {
            assertThat(e.original()).isEqualTo(flow);
            assertThat(e.reply()).isEqualTo(reply);
            assertThat(e.status()).isEqualTo(status);
        });
        assertThat(lookup(object, reply)).isEqualTo(0x11000 | status >> NAT_BITS_SHIFT & 0x1f);
        assertThat(lookup(object, flow)).isEqualTo(0x10000 | status >> NAT_BITS_SHIFT & 0x1f);
        assertThat(lookup(object, flow.reversed())).isEqualTo(1000 + Errno.ENOENT);
    }

    @Test
    void destinationNatWithoutAPortKeepsTheDestinationPortAndSourceNatMayFollow() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.udp(CLIENT, 5353, SERVER, 53);

        // when: variant 1 sets DST to NAT, then SRC to NAT too, neither with a port
        long answer = nat(object, flow, 1, DST, NAT, 0);

        // then
        long status = ConntrackTable.IPS_SRC_NAT | ConntrackTable.IPS_DST_NAT | ConntrackTable.IPS_SRC_NAT_DONE
                | ConntrackTable.IPS_DST_NAT_DONE | ConntrackTable.IPS_CONFIRMED;
        assertThat(answer).isEqualTo(natAnswer(0, 0, status));
        assertThat(object.environment().conntrack().entries()).singleElement()
                .satisfies(e -> assertThat(e.reply()).isEqualTo(Tuple.udp(NAT, 53, NAT, 5353)));
    }

    @Test
    void sourceNatToTheSourceItAlreadyHasChangesNoTupleAndSetsOnlyDone() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.udp(CLIENT, 5353, SERVER, 53);

        // when
        long answer = nat(object, flow, 0, SRC, CLIENT, 0);

        // then
        assertThat(answer).isEqualTo(natAnswer(0, 0, ConntrackTable.IPS_SRC_NAT_DONE));
        assertThat(object.environment().conntrack().entries()).singleElement().satisfies(e -> assertThat(e.reply()).isEqualTo(flow.reversed()));
    }

    @Test
    void aPortAboveSixteenBitsKeepsItsLowSixteenBitsAsTheKernelsCpuToBe16Does() throws IOException {
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);

        nat(object, flow, 0, SRC, NAT, 70000);

        assertThat(object.environment().conntrack().entries()).singleElement()
                .satisfies(e -> assertThat(e.reply()).isEqualTo(Tuple.tcp(SERVER, 80, NAT, 70000 & 0xffff)));
    }

    @Test
    void aManipTypeOtherThanSourceOrDestinationAnswersEinvalAndLeavesTheEntryAlone() throws IOException {
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);

        long answer = nat(object, flow, 0, 7, NAT, 5555);

        assertThat(answer).isEqualTo(natAnswer(0, -Errno.EINVAL, 0));
        assertThat(object.environment().conntrack().entries()).singleElement().satisfies(e -> assertThat(e.reply()).isEqualTo(flow.reversed()));
    }

    @Test
    void theSameManipTypeTwiceAnswersEnomemAsNfNatSetupInfoDropsIt() throws IOException {
        // given: the kernel WARNs and answers NF_DROP (nf_nat_initialized), which the kfunc makes -ENOMEM
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);

        // when: variant 2 repeats the call
        long answer = nat(object, flow, 2, DST, NAT, 8080);

        // then: the first setting stays
        assertThat(answer).isEqualTo(natAnswer(-Errno.ENOMEM, 0, ConntrackTable.IPS_DST_NAT | ConntrackTable.IPS_DST_NAT_DONE));
        assertThat(object.environment().conntrack().entries()).singleElement()
                .satisfies(e -> assertThat(e.reply()).isEqualTo(Tuple.tcp(NAT, 8080, CLIENT, 40000)));
    }

    @Test
    void sourceNatWithoutAPortReusesTheMappingOfAnEarlierConnectionFromTheSameSource() throws IOException {
        // given: the client's port 40000 was mapped to NAT:6000 for another server
        LoadedObject object = load();
        object.environment().conntrack().add(Entry.of(Tuple.tcp(CLIENT, 40000, OTHER_SERVER, 443), Tuple.tcp(OTHER_SERVER, 443, NAT, 6000))
                .status(ConntrackTable.IPS_SRC_NAT | ConntrackTable.IPS_SRC_NAT_DONE));
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);

        // when
        nat(object, flow, 0, SRC, NAT, 0);

        // then: find_appropriate_src's choice, not the client's own port
        assertThat(object.environment().conntrack().find(flow)).get()
                .satisfies(f -> assertThat(f.entry().reply()).isEqualTo(Tuple.tcp(SERVER, 80, NAT, 6000)));
    }

    @Test
    void destinationNatToATakenTupleKeepsItAndTheInsertClashes() throws IOException {
        // given: another client port was sent to NAT:8080 from the same client port
        LoadedObject object = load();
        object.environment().conntrack().add(Entry.of(Tuple.tcp(CLIENT, 40000, OTHER_SERVER, 80), Tuple.tcp(NAT, 8080, CLIENT, 40000))
                .status(ConntrackTable.IPS_DST_NAT | ConntrackTable.IPS_DST_NAT_DONE));

        // when
        long answer = nat(object, Tuple.tcp(CLIENT, 40000, SERVER, 80), 0, DST, NAT, 8080);

        // then
        assertThat(answer).isEqualTo(3000);
        assertThat(object.environment().conntrack().entries()).hasSize(1);
    }

    @Test
    void sourceNatWithoutAPortToATakenTupleTrapsNamingTheRandomPortChoice() throws IOException {
        // given: NAT:40000 -> SERVER:80 is taken
        LoadedObject object = load();
        object.environment().conntrack().add(Entry.of(Tuple.tcp(NAT, 40000, SERVER, 80)));

        // when / then
        assertThatThrownBy(() -> nat(object, Tuple.tcp(CLIENT, 40000, SERVER, 80), 0, SRC, NAT, 0)).isInstanceOf(TrapException.class)
                .hasMessageContaining("bpf_ct_set_nat_info").hasMessageContaining("get_random_u16").hasMessageContaining("ct_nat.c:");
    }
}
