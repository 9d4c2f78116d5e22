package org.ebpftest.runtime.linux.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
 * The conntrack kfuncs answering from a table the test fills (conntrack.c), for what the kernel
 * cannot be told to hold: entries with chosen status bits, marks and NATed reply tuples.
 */
class ConntrackKfuncsTest {
    private static final byte[] CLIENT = {10, 0, 0, 9};
    private static final byte[] SERVER = {10, 0, 0, 1};
    private static final byte[] NAT_ADDRESS = {(byte) 192, (byte) 168, 1, 1};

    private static LoadedObject load() throws IOException {
        try (InputStream in = ConntrackKfuncsTest.class.getResourceAsStream("/elf/conntrack.o")) {
            return LoadedObject.load(ObjectSpec.parse("conntrack.o", in.readAllBytes()));
        }
    }

    /** conntrack.c's input: struct bpf_sock_tuple's ipv4 member, then the l4proto and a variant. */
    private static XdpInput packet(Tuple t, int variant) {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put(t.source()).put(t.destination()).putShort((short) t.sourcePort()).putShort((short) t.destinationPort());
        b.put((byte) t.protocol()).put((byte) variant);
        return XdpInput.of(b.array());
    }

    private static long found(int direction, long status, int mark) {
        return 0x10000 | direction << 12 | (status & 0xff) << 4 | mark & 0xf;
    }

    @Test
    void lookupReturnsTheEntryTheTestAddedWithItsStatusMarkAndDirection() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);
        object.environment().conntrack().add(Entry.of(flow).status(ConntrackTable.IPS_SEEN_REPLY | ConntrackTable.IPS_ASSURED).mark(7));

        // when
        long original = object.run("ct_lookup", packet(flow, 0)).retval();
        long reply = object.run("ct_lookup_reply", packet(flow, 0)).retval();
        long otherProtocol = object.run("ct_lookup", packet(Tuple.udp(CLIENT, 40000, SERVER, 80), 0)).retval();

        // then: CONFIRMED is added, as every entry in the table has it
        long status = ConntrackTable.IPS_SEEN_REPLY | ConntrackTable.IPS_ASSURED | ConntrackTable.IPS_CONFIRMED;
        assertThat(original).isEqualTo(found(0, status, 7));
        assertThat(reply).isEqualTo(found(1, status, 7));
        assertThat(otherProtocol).isEqualTo(1000 + Errno.ENOENT);
    }

    @Test
    void aNatedEntryIsFoundByItsReplyTupleNotByTheReversedOriginal() throws IOException {
        // given: source NAT of the client to 192.168.1.1:5000
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);
        Tuple reply = Tuple.tcp(SERVER, 80, NAT_ADDRESS, 5000);
        object.environment().conntrack().add(Entry.of(flow, reply).status(ConntrackTable.IPS_SRC_NAT | ConntrackTable.IPS_SRC_NAT_DONE));

        // when
        long byReply = object.run("ct_lookup", packet(reply, 0)).retval();
        long byReversedOriginal = object.run("ct_lookup_reply", packet(flow, 0)).retval();

        // then
        assertThat(byReply).isEqualTo(found(1, ConntrackTable.IPS_SRC_NAT | ConntrackTable.IPS_SRC_NAT_DONE | ConntrackTable.IPS_CONFIRMED, 0));
        assertThat(byReversedOriginal).isEqualTo(1000 + Errno.ENOENT);
    }

    @Test
    void anInsertedEntryAppearsInTheTableWithTheProgramsStatusMarkAndTimeout() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.udp(CLIENT, 5353, SERVER, 53);
        long now = object.environment().clock().jiffies64() & 0xffffffffL;

        // when: status SEEN_REPLY | ASSURED, a timeout of 30000 ms, mark 5
        long answer = object.run("ct_insert", packet(flow, 0)).retval();

        // then
        assertThat(answer).isEqualTo(0x20000 | 0x0e);
        assertThat(object.environment().conntrack().entries()).singleElement().satisfies(e -> {
            assertThat(e.original()).isEqualTo(flow);
            assertThat(e.reply()).isEqualTo(flow.reversed());
            assertThat(e.status()).isEqualTo(0x0e);
            assertThat(e.mark()).isEqualTo(5);
            assertThat(e.timeout()).isEqualTo(now + 30 * 250);
        });
    }

    @Test
    void insertingATupleTheTableHoldsAnswersNullAndLeavesTheTableAsItWas() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);
        Entry existing = Entry.of(flow.reversed()).mark(3);
        object.environment().conntrack().add(existing);

        // when
        long answer = object.run("ct_insert", packet(flow, 0)).retval();

        // then
        assertThat(answer).isEqualTo(3000);
        assertThat(object.environment().conntrack().entries()).containsExactly(existing);
    }

    @Test
    void changingTheTimeoutOfAFixedTimeoutEntryIsRefusedWithEpermAndOfADyingOneAnswersEtime() throws IOException {
        // given
        LoadedObject object = load();
        Tuple fixed = Tuple.tcp(CLIENT, 40000, SERVER, 80);
        Tuple dying = Tuple.tcp(CLIENT, 40001, SERVER, 80);
        Entry fixedEntry = Entry.of(fixed).status(ConntrackTable.IPS_FIXED_TIMEOUT).timeout(1234);
        Entry dyingEntry = Entry.of(dying).status(ConntrackTable.IPS_DYING);
        object.environment().conntrack().add(fixedEntry).add(dyingEntry);
        long now = object.environment().clock().jiffies64() & 0xffffffffL;

        // when: change_status adds IPS_HELPER, change_timeout asks for 60000 ms, mark 9
        long fixedAnswer = object.run("ct_change", packet(fixed, 1)).retval();
        long dyingAnswer = object.run("ct_change", packet(dying, 1)).retval();

        // then
        assertThat(fixedAnswer).isEqualTo(0x3000000 | 0x24 << 16 | Errno.EPERM);
        assertThat(fixedEntry.timeout()).isEqualTo(1234);
        assertThat(fixedEntry.mark()).isEqualTo(9);
        assertThat(dyingAnswer).isEqualTo(0x3000000 | 0x22 << 16 | Errno.ETIME);
        assertThat(dyingEntry.timeout()).isEqualTo(now + 60 * 250);
    }

    @Test
    void changeStatusRefusesToClearConfirmedWithEbusy() throws IOException {
        // given
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);
        Entry entry = Entry.of(flow).status(ConntrackTable.IPS_ASSURED);
        object.environment().conntrack().add(entry);

        // when: variant 0 asks for status 0
        long answer = object.run("ct_change", packet(flow, 0)).retval();

        // then
        assertThat(answer & 0xff00).isEqualTo((long) Errno.EBUSY << 8);
        assertThat(entry.status()).isEqualTo(ConntrackTable.IPS_ASSURED | ConntrackTable.IPS_CONFIRMED);
    }

    @Test
    void aLookupInAConntrackZoneOtherThanTheDefaultTrapsNamingIt() throws IOException {
        // given: Linux 6.18 answers -ENOENT for zone 3 on a machine whose zone 3 is empty
        LoadedObject object = load();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);

        // when / then: variant 10 asks for zone 3 with 16-byte opts
        assertThatThrownBy(() -> object.run("ct_bad_opts", packet(flow, 10))).isInstanceOf(TrapException.class)
                .hasMessageContaining("conntrack zone 3: conntrack zones are not modelled")
                .hasMessageContaining("conntrack.c:");
    }

    @Test
    void msecsToJiffiesRoundsUpAndTreatsNegativeIntsAsTheLargestOffset() {
        assertThat(ConntrackKfuncs.msecsToJiffies(250, 1)).isEqualTo(1);
        assertThat(ConntrackKfuncs.msecsToJiffies(250, 4)).isEqualTo(1);
        assertThat(ConntrackKfuncs.msecsToJiffies(250, 5)).isEqualTo(2);
        assertThat(ConntrackKfuncs.msecsToJiffies(1000, 30000)).isEqualTo(30000);
        assertThat(ConntrackKfuncs.msecsToJiffies(250, 0x8000_0000L)).isEqualTo((Long.MAX_VALUE >> 1) - 1);
    }

    @Test
    void theTableRefusesAnEntryWhoseTupleItAlreadyHolds() {
        ConntrackTable table = new ConntrackTable();
        Tuple flow = Tuple.tcp(CLIENT, 40000, SERVER, 80);
        table.add(Entry.of(flow));

        assertThatThrownBy(() -> table.add(Entry.of(flow.reversed()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a connection");
    }
}
